import { pseudonymise } from '../domain/pseudonym.js';
import type { BatchWriter, StoredNote, StoredRejection } from './batch-writer.js';
import type { DatasetRow } from './batch-records.js';
import { Chunk, SeenReferences } from './chunk.js';
import { resolveHeader } from './header.js';
import { ImportRefused, clientGone } from './import-errors.js';
import type { ImportRequest } from './import-summary.js';
import { isBlank, type Tally } from './import-tally.js';
import { periodInstants, type Period } from './periods.js';
import { compileRowMapper, type LsoaParents, type RowMapper } from './row-mapper.js';
import { templateFor } from './templates.js';

/**
 * Rows COPYed into the staging table per round trip (the batch is applied to
 * shared_record in one statement at the end, see BatchWriter): two chunks of about 400
 * bytes a row stay in memory, which the 300 MB budget of an import process must hold.
 */
export const CHUNK_ROWS = 25_000;
/**
 * Staged rows applied to shared_record in one statement at most: bounds that statement's
 * time (about 45 s for a million rows here, against the batch's 10-minute statement
 * timeout) and the staging table's disk (about 330 MB a million rows).
 */
export const APPLY_ROWS = 1_000_000;
/** Clock skew allowed before a row is "in the future". */
const FUTURE_SLACK_MS = 10 * 60_000;

export interface PipelineContext {
  req: ImportRequest;
  dataset: DatasetRow;
  batchId: string;
  period: Period | undefined;
  lsoas: ReadonlyMap<string, LsoaParents>;
  writer: BatchWriter;
  tally: Tally;
  pseudonymKey: string;
  applyRows: number;
}

/**
 * Reads, maps and writes every row of a source: the header is checked against the
 * dataset's template, each row validated, guarded, generalised and hashed, accepted rows
 * staged a chunk at a time (the staging of one chunk overlaps the mapping of the next) and
 * applied at the end; every row read is accounted in the tally.
 */
export class RowPipeline {
  private map: RowMapper | undefined;
  private width = 0;
  // Two chunks, reused: one is staged while the other fills, and neither is reallocated.
  private chunk = new Chunk(CHUNK_ROWS);
  private spare = new Chunk(CHUNK_ROWS);
  private rejections: StoredRejection[] = [];
  private notes: StoredNote[] = [];
  private pending: Promise<void> | null = null;
  private row = 1;
  // Rows staged and not yet applied, and their references: a repeat makes the apply keep each one's last row.
  private staged = 0;
  private sinceApply = 0;
  private readonly seen = new SeenReferences();
  private repeats = false;
  /** Rows staged since the last apply, per month of occurrence. */
  private readonly stagedMonths = new Map<string, number>();

  constructor(private readonly ctx: PipelineContext) {}

  async run(): Promise<void> {
    const { req, tally } = this.ctx;
    const iterator = req.source.records()[Symbol.asyncIterator]();
    for (;;) {
      const readFrom = performance.now();
      const next = await this.read(iterator);
      const mapFrom = performance.now();
      tally.readMs += mapFrom - readFrom;
      if (next.done) break;
      if (req.signal?.aborted) throw clientGone(req.signal.reason);
      if (!this.map) await this.start(next.value);
      else await this.take(next.value, mapFrom);
    }
    if (!this.map)
      throw new ImportRefused(
        'EMPTY_FILE',
        'The file is empty: expected a header row naming the columns, then the data rows.',
      );
    if (tally.rowsRead === tally.blank) {
      throw new ImportRefused(
        'NO_DATA_ROWS',
        `The file has a header but no data rows${tally.blank ? ` (only ${tally.blank} blank ${tally.blank === 1 ? 'row' : 'rows'})` : ''}: nothing to import.`,
      );
    }
    await this.apply();
  }

  private async read(iterator: AsyncIterator<readonly string[]>): Promise<IteratorResult<readonly string[]>> {
    try {
      return await iterator.next();
    } catch (err) {
      if (err instanceof ImportRefused) throw err;
      throw new ImportRefused(
        'INTERRUPTED',
        'The input ended abnormally (the upload or file read was interrupted): nothing was imported. Send the whole file again.',
        { cause: err },
      );
    }
  }

  /** The header row: checked against the template, and the row mapper compiled for its columns. */
  private async start(fields: readonly string[]): Promise<void> {
    const { req, dataset, batchId, period, lsoas, pseudonymKey } = this.ctx;
    const template = templateFor(dataset.kind);
    let header;
    try {
      header = resolveHeader(template, fields);
    } catch (err) {
      // A workbook's merged header cells read as empty names: say so, rather than "a column with no name".
      throw (err instanceof ImportRefused && (await req.source.explainHeader?.())) || err;
    }
    this.ctx.tally.header(
      header.columns.map((c) => c.name),
      header.width,
    );
    this.width = header.width;
    this.map = compileRowMapper({
      template,
      header,
      datasetId: dataset.id,
      agencyId: dataset.agencyId,
      batchId,
      hash: (v: string) => pseudonymise(pseudonymKey, dataset.key, v),
      lsoas,
      notAfterMs: Date.now() + FUTURE_SLACK_MS,
      period: period && { ...periodInstants(period), label: period.label, span: `${period.start} to ${period.end}` },
    });
  }

  /** One data row: blank (counted), rejected (accounted, with its reasons) or staged. */
  private async take(fields: readonly string[], mapFrom: number): Promise<void> {
    const { req, tally } = this.ctx;
    const at = req.source.rowNumber?.() ?? -1;
    const row = (this.row = at > 0 ? at : this.row + 1);
    tally.rowsRead++;
    // A blank row (an empty line, a spreadsheet's trailing `,,,,`) is counted, not refused.
    if (isBlank(fields)) {
      tally.blank++;
      return;
    }
    if (req.maxRows !== undefined && tally.rowsRead - tally.blank > req.maxRows) {
      throw new ImportRefused(
        'TOO_MANY_ROWS',
        `Too many rows for this door: at most ${req.maxRows}. Send larger batches as a file (HTTP upload or \`npx hub import\`).`,
      );
    }
    const map = this.map!;
    const out = map(fields);
    tally.mapMs += performance.now() - mapFrom;
    tally.notes(row, map.notes, this.notes);
    if (Array.isArray(out)) {
      // A quoted value spanning lines where none may: an unbalanced quote has swallowed the
      // rows after it. Refusing the file beats rejecting one "row" that silently hides several.
      if (
        req.source.kind === 'csv' &&
        (out[0].rule === 'LINE_BREAK' || (fields.length !== this.width && fields.some((f) => f.includes('\n'))))
      ) {
        throw new ImportRefused(
          'MALFORMED_CSV',
          `Malformed CSV: row ${row} has a quoted value running over several lines${out[0].column ? ` in ${out[0].column}` : ''}, which is what an unbalanced quote does to the rows after it. Nothing was imported.`,
        );
      }
      tally.reject(row, out, this.rejections);
      return;
    }
    // The same reference twice in a batch: the apply keeps its last row (docs/datasets.md).
    if (!this.seen.add(out.sourceHash)) this.repeats = true;
    this.chunk.push(out.line);
    this.sinceApply++;
    tally.accept(fields, out);
    this.stagedMonths.set(out.month, (this.stagedMonths.get(out.month) ?? 0) + 1);
    if (this.sinceApply >= this.ctx.applyRows) await this.apply();
    else if (this.chunk.rows >= CHUNK_ROWS) await this.flush();
  }

  private async settle(): Promise<void> {
    if (!this.pending) return;
    const t = performance.now();
    await this.pending;
    this.ctx.tally.waitMs += performance.now() - t;
  }

  /** Hands the filled chunk (and its rejections) to PostgreSQL while the other one fills. */
  private async flush(): Promise<void> {
    await this.settle();
    const { req, tally, writer, batchId } = this.ctx;
    const c = this.chunk;
    const r = this.rejections;
    const nt = this.notes;
    const firstSeq = tally.rejectionsStored - r.length + 1;
    const firstNote = tally.notesStored - nt.length + 1;
    this.chunk = this.spare;
    this.chunk.reset();
    this.spare = c;
    this.rejections = [];
    this.notes = [];
    this.pending = (async () => {
      await writer.stage(c);
      this.staged += c.rows;
      await writer.rejections(batchId, firstSeq, r);
      await writer.notes(batchId, firstNote, nt);
      req.onProgress?.({
        rows: tally.rowsRead,
        written: tally.inserted + tally.updated + tally.duplicates + this.staged,
        bytes: req.source.bytes(),
      });
    })();
    // Awaited at the next flush; this only keeps a failure from being reported as unhandled meanwhile.
    this.pending.catch(() => undefined);
  }

  /** Applies everything staged to shared_record: at the end (or every applyRows rows). */
  private async apply(): Promise<void> {
    await this.flush();
    await this.settle();
    const o = await this.ctx.writer.apply(this.repeats);
    this.ctx.tally.applied(o, o.insertedByMonth ?? this.stagedMonths);
    this.stagedMonths.clear();
    this.staged = 0;
    this.sinceApply = 0;
    this.seen.clear();
    this.repeats = false;
  }
}
