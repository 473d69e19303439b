import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pseudonymise } from '../domain/pseudonym.js';
import { RECORD_COPY_COLUMNS } from '../ingest/record-copy-line.js';
import type { DemoRecord } from './records.js';

/* The demo's records, streamed into shared_record by COPY, references pseudonymised on the way. */

const PROGRESS_EVERY = 10_000;
const COPY_CHUNK_ROWS = 2_000;

// The same columns, in the same order, as an import writes; the demo has no import batch.
const RECORD_COLUMNS = RECORD_COPY_COLUMNS.filter((c) => c !== 'batch_id');

// COPY text format: backslash, tab and line breaks must be escaped; \N is NULL.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  const s = String(value);
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

// bytea in hex input form; the backslash itself is escaped for the COPY text format.
const copyBytea = (value: Buffer | null) => (value ? `\\\\x${value.toString('hex')}` : '\\N');

function copyLine(r: DemoRecord, pseudonymKey: string): string {
  return [
    r.datasetId,
    r.agencyId,
    r.kind,
    copyText(r.category),
    copyText(r.subcategory),
    r.occurredAt.toISOString(),
    r.timePrecision,
    copyText(r.lsoaCode),
    copyText(r.wardCode),
    copyText(r.localAuthorityCode),
    copyText(r.outwardPostcode),
    copyText(r.gridEasting),
    copyText(r.gridNorthing),
    copyText(r.ageBand),
    copyText(r.sex),
    copyText(r.details ? JSON.stringify(r.details) : null),
    copyBytea(pseudonymise(pseudonymKey, r.datasetKey, r.sourceRef)),
    copyBytea(r.subjectRef === null ? null : pseudonymise(pseudonymKey, r.datasetKey, r.subjectRef)),
  ].join('\t');
}

export async function copyRecords(
  client: PoolClient,
  input: {
    rows: Iterable<DemoRecord>;
    total: number;
    pseudonymKey: string;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<number> {
  let done = 0;
  function* chunks(): Generator<string> {
    let lines: string[] = [];
    for (const r of input.rows) {
      lines.push(copyLine(r, input.pseudonymKey));
      done++;
      if (lines.length === COPY_CHUNK_ROWS) {
        yield lines.join('\n') + '\n';
        lines = [];
      }
      if (done % PROGRESS_EVERY === 0) input.onProgress?.(done, input.total);
    }
    if (lines.length) yield lines.join('\n') + '\n';
  }
  const copy = client.query(
    copyFrom(`copy "shared_record" (${RECORD_COLUMNS.map((c) => `"${c}"`).join(', ')}) from stdin`),
  );
  await pipeline(Readable.from(chunks(), { objectMode: false }), copy);
  if (done % PROGRESS_EVERY !== 0 || done === 0) input.onProgress?.(done, input.total);
  return done;
}
