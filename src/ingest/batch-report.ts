import type { StoredNote, StoredRejection } from './batch-writer.js';
import type { BatchRecord } from './batches.service.js';
import type { ImportSummary } from './import-summary.js';
import { parsePeriod, periodContaining } from './periods.js';

const fmt = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const rows = (n: number) => `${fmt(n)} ${n === 1 ? 'row' : 'rows'}`;

/**
 * A batch's refused rows and free-text notes, as `hub batches --rejections` prints them:
 * the accounting first (what was kept is records, never the refused rows), then each
 * row, column and reason. Never a value.
 */
export function batchRejectionsReport(
  batch: BatchRecord,
  rejections: readonly StoredRejection[],
  notes: readonly StoredNote[],
): string[] {
  const out: string[] = [];
  const accepted = batch.inserted + batch.updated + batch.duplicates;
  out.push(
    `Batch ${batch.id} (${batch.dataset}), ${batch.status}: ${rows(batch.rowsRead)} read: ${fmt(batch.inserted)} inserted, ${fmt(batch.updated)} updated, ${fmt(batch.duplicates)} already stored, ${fmt(batch.rejected)} rejected${batch.blank ? `, ${fmt(batch.blank)} blank` : ''}.`,
  );
  if (batch.status === 'FAILED') out.push(`The whole file was refused (${batch.errorCode}): ${batch.error}`);
  else if (batch.rejected && !accepted) out.push('Every row was rejected: nothing was stored.');
  if (batch.rowsOutsidePeriod)
    out.push(
      `${rows(batch.rowsOutsidePeriod)} dated outside the declared period (${batch.periodStart} to ${batch.periodEnd}).`,
    );
  if (batch.rejected) {
    const reasons = batch.rejectionsStored;
    const showing = rejections.length < reasons ? ` (showing the first ${fmt(rejections.length)})` : '';
    const kept =
      reasons < batch.rejected
        ? `the reasons for the first ${fmt(reasons)} are kept`
        : `the reasons for ${reasons === 1 ? 'it are' : `all ${fmt(reasons)} are`} kept`;
    out.push(`Rejected: ${rows(batch.rejected)}; ${kept}${showing}. Values are never kept or shown:`);
    for (const r of rejections) out.push(`  row ${r.row}${r.column ? `, ${r.column}` : ''}: ${r.reason}`);
  }
  if (notes.length) {
    const more =
      batch.notesStored > notes.length ? ` (showing the first ${fmt(notes.length)} of ${fmt(batch.notesStored)})` : '';
    out.push(`Free text dropped${more}: what it seemed to hold, never the text:`);
    for (const n of notes) out.push(`  row ${n.row}${n.column ? `, ${n.column}` : ''}: ${n.reason}`);
  }
  return out;
}

/** Rows refused as outside the declared period: where they are dated, and the period that would hold them. */
export function outsidePeriodAdvice(s: Pick<ImportSummary, 'period' | 'outsidePeriod'>): string | null {
  if (!s.outsidePeriod.rows || !s.period) return null;
  const declared = parsePeriod(s.period);
  if (!declared) return null;
  const months = s.outsidePeriod.months.map((m) => `${m.month} (${fmt(m.rows)})`).join(', ');
  const [y, m] = declared.start.split('-').map(Number);
  const [ey, em] = declared.end.split('-').map(Number);
  const span = declared.months.length === 1 ? `${MONTHS[m - 1]} ${y}` : `${MONTHS[m - 1]} to ${MONTHS[em - 1]} ${ey}`;
  const periods = new Set(
    s.outsidePeriod.months
      .filter((x) => /^\d{4}-\d{2}$/.test(x.month))
      .map((x) => periodContaining(declared.cadence, x.month).label),
  );
  const hint =
    periods.size === 1
      ? ` Was the period meant to be ${[...periods][0]} (--period ${[...periods][0]})?`
      : " Send each period's rows with that period, or leave --period out.";
  return `${plural(s.outsidePeriod.rows, 'row')} ${s.outsidePeriod.rows === 1 ? 'is' : 'are'} dated outside the declared period ${s.period} (${span}): ${months}.${hint}`;
}

/** What the earlier, identical file did, and whether this one added anything. */
export function repeatSentence(s: Pick<ImportSummary, 'repeats' | 'inserted' | 'updated' | 'status'>): string | null {
  const r = s.repeats;
  if (!r) return null;
  const earlier =
    r.status === 'REJECTED'
      ? `which was REJECTED (all ${plural(r.rejected, 'row')} refused, nothing stored)`
      : `which inserted ${fmt(r.inserted)}, updated ${fmt(r.updated)}, found ${fmt(r.duplicates)} already stored and rejected ${fmt(r.rejected)}`;
  const now =
    s.inserted + s.updated === 0
      ? ' This time nothing new was added.'
      : s.status === 'DRY_RUN'
        ? ''
        : ` This time ${fmt(s.inserted)} inserted and ${fmt(s.updated)} updated.`;
  return `This file is identical to batch ${r.batchId} of ${r.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${earlier}.${now}`;
}
