import type { StoredNote, StoredRejection } from './batch-writer.js';
import type { MappedRow } from './row-mapper.js';
import type { FreeTextNote } from './row-mapping.js';
import type { RowProblem } from './row-rules.js';

/** Rejections (and notes) a batch's summary lists; all of them, up to a cap, are stored with the batch. */
export const SUMMARY_REJECTIONS = 100;
/** Rejections stored per batch; the counts always cover every row. */
export const MAX_STORED_REJECTIONS = 10_000;
/** Free-text notes stored per batch, likewise. */
export const MAX_STORED_NOTES = 10_000;

export const count = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
export const sortedObject = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
export const roundAll = <T extends Record<string, number>>(o: T): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)])) as T;
const listed = (m: Map<string, number>) =>
  [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, rows]) => ({ month, rows }));

/** A row with no value at all: an empty line, or a spreadsheet's `,,,,` (cells that are only spaces count as empty). */
export function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f !== '' && f.trim() !== '') return false;
  return true;
}

/**
 * A batch's accounting, row by row: what was read, accepted, rejected (and why), which
 * columns were filled, the months the data covers, and where the time went. Rejections
 * and notes to store go to the caller's buffers (written with the next chunk), up to the
 * caps; the counts always cover every row.
 */
export class Tally {
  waitMs = 0;
  readMs = 0;
  mapMs = 0;
  rowsRead = 0;
  inserted = 0;
  updated = 0;
  duplicates = 0;
  rejected = 0;
  blank = 0;
  freeTextCoded = 0;
  freeTextDropped = 0;
  rejectionsStored = 0;
  firstRejections: StoredRejection[] = [];
  notesStored = 0;
  firstNotes: StoredNote[] = [];
  byRule = new Map<string, number>();
  freeTextKinds = new Map<string, number>();
  outsidePeriod = 0;
  outsideMonths = new Map<string, number>();
  /** Per header position, accepted rows with a value there; the names, once the header is read. */
  filled: number[] = [];
  columns: string[] = [];
  /** Accepted rows per month of occurrence (YYYY-MM, London): what the file held. */
  months = new Map<string, number>();
  /** New records per month: what arrived (re-sent and corrected records are not new). */
  newByMonth = new Map<string, number>();
  dataFrom = Infinity;
  dataTo = -Infinity;

  get accepted(): number {
    return this.inserted + this.updated + this.duplicates;
  }

  /** The header's column names, once read. */
  header(columns: string[], width: number): void {
    this.columns = columns;
    this.filled = new Array<number>(width).fill(0);
  }

  /** Notes on a mapped row's free text: counted by kind, kept (up to the cap) in `store`. */
  notes(row: number, notes: readonly FreeTextNote[], store: StoredNote[]): void {
    for (const note of notes) {
      if (note.kind === 'NOT_CODED') count(this.freeTextKinds, 'NOT_CODED');
      for (const k of note.identifiers) count(this.freeTextKinds, k);
      const stored = { row, column: note.column, kind: note.kind, reason: note.reason };
      if (this.firstNotes.length < SUMMARY_REJECTIONS) this.firstNotes.push(stored);
      if (this.notesStored < MAX_STORED_NOTES) {
        store.push(stored);
        this.notesStored++;
      }
    }
  }

  /** A rejected row: counted under each rule it broke, its reasons kept (up to the cap) in `store`. */
  reject(row: number, problems: readonly RowProblem[], store: StoredRejection[]): void {
    this.rejected++;
    for (const p of problems) {
      count(this.byRule, p.rule);
      if (p.rule === 'OUTSIDE_PERIOD') {
        this.outsidePeriod++;
        count(this.outsideMonths, p.month ?? 'unknown');
      }
      const rejection: StoredRejection = { row, column: p.column, rule: p.rule, reason: p.reason };
      if (this.firstRejections.length < SUMMARY_REJECTIONS) this.firstRejections.push(rejection);
      if (this.rejectionsStored < MAX_STORED_REJECTIONS) {
        store.push(rejection);
        this.rejectionsStored++;
      }
    }
  }

  /** An accepted row: its filled columns, month, date range and free text. */
  accept(fields: readonly string[], out: MappedRow): void {
    for (let i = 0; i < fields.length && i < this.filled.length; i++)
      if (fields[i] !== '' && fields[i].trim() !== '') this.filled[i]++;
    count(this.months, out.month);
    if (out.occurredMs < this.dataFrom) this.dataFrom = out.occurredMs;
    if (out.occurredMs > this.dataTo) this.dataTo = out.occurredMs;
    if (out.freeText === 1) this.freeTextCoded++;
    else if (out.freeText === 2) this.freeTextDropped++;
  }

  /** What an apply step wrote; `newByMonth` is the months of the new records. */
  applied(o: { inserted: number; updated: number; unchanged: number }, newByMonth: Iterable<[string, number]>): void {
    this.inserted += o.inserted;
    this.updated += o.updated;
    this.duplicates += o.unchanged;
    for (const [month, n] of newByMonth) count(this.newByMonth, month, n);
  }

  get from(): Date | null {
    return Number.isFinite(this.dataFrom) ? new Date(this.dataFrom) : null;
  }

  get to(): Date | null {
    return Number.isFinite(this.dataTo) ? new Date(this.dataTo) : null;
  }

  /** Accepted rows per header column, by name. */
  filledByColumn(): Record<string, number> {
    return Object.fromEntries(this.columns.map((c, i) => [c, this.filled[i] ?? 0]));
  }

  monthsHeld(): { month: string; rows: number }[] {
    return listed(this.months);
  }

  outsidePeriodSummary(): { rows: number; months: { month: string; rows: number }[] } {
    return { rows: this.outsidePeriod, months: listed(this.outsideMonths) };
  }
}
