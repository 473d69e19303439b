import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { ImportRefused } from '../../ingest/import-errors.js';
import { publicSummary, type ImportSummary } from '../../ingest/import-summary.js';
import { ENCODING_LABEL, parseEncoding, type DeclaredEncoding } from '../../ingest/encoding.js';
import { outsidePeriodAdvice, repeatSentence } from '../../ingest/batch-report.js';
import { fileSource } from '../../ingest/record-source.js';
import { resolveActor } from '../acting-account.js';
import type { Runtime } from '../../runtime.js';
import { CliError, print, withRuntime } from '../runtime.js';
import { ImportDoor } from '../../domain/api-enums.js';

const fmt = (n: number) => n.toLocaleString('en-GB');

function progressBar(total: number | undefined) {
  const tty = process.stderr.isTTY;
  let last = 0;
  const started = Date.now();
  return {
    update(p: { rows: number; bytes: number }) {
      if (!tty || Date.now() - last < 150) return;
      last = Date.now();
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      const rate = `${fmt(Math.round(p.rows / secs))} rows/s`;
      if (total) {
        const share = Math.min(p.bytes / total, 1);
        const width = 30;
        const done = Math.round(share * width);
        process.stderr.write(
          `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(share * 100).toFixed(0).padStart(3)}%  ${fmt(p.rows)} rows  ${rate}`,
        );
      } else {
        process.stderr.write(`\r${fmt(p.rows)} rows  ${rate}`);
      }
    },
    clear() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

/** How the file was read, in words: "CSV, Windows-1252" or "sheet \"Crimes\" of an .xlsx workbook". */
function readAs(s: ImportSummary): string {
  if (s.source.format === 'xlsx') return s.source.sheet ? `.xlsx, sheet "${s.source.sheet}"` : '.xlsx';
  return s.source.format === 'csv' ? `CSV, ${s.source.encoding ? ENCODING_LABEL[s.source.encoding] : 'UTF-8'}` : 'rows';
}

function printSummary(s: ImportSummary): void {
  const verb =
    s.status === 'DRY_RUN'
      ? 'Dry run (nothing stored)'
      : `${s.status === 'REJECTED' ? 'Rejected by' : 'Imported into'} ${s.dataset}, batch ${s.batchId}`;
  print(`${verb}: ${fmt(s.rowsRead)} rows read (${readAs(s)}) in ${(s.millis / 1000).toFixed(1)} s`);
  print(`  inserted   ${fmt(s.inserted).padStart(12)}`);
  print(`  updated    ${fmt(s.updated).padStart(12)}`);
  print(`  duplicates ${fmt(s.duplicates).padStart(12)}  (already stored, unchanged)`);
  print(`  rejected   ${fmt(s.rejected).padStart(12)}`);
  if (s.blank) print(`  blank      ${fmt(s.blank).padStart(12)}  (empty rows, skipped)`);
  if (s.freeTextCoded || s.freeTextDropped)
    print(`  free text: ${fmt(s.freeTextCoded)} reduced to a code, ${fmt(s.freeTextDropped)} dropped (never stored)`);
  if (s.allRejected) {
    print(
      s.status === 'DRY_RUN'
        ? 'Every row would be rejected: a real import would store nothing and end REJECTED.'
        : 'REJECTED: every row was rejected, so nothing was stored. The batch and its reasons are kept (`npx hub batches --rejections ' +
            s.batchId +
            '`).',
    );
  }
  const outside = outsidePeriodAdvice(s);
  if (outside) print(outside);
  const repeat = repeatSentence(s);
  if (repeat) print(repeat);
  if (s.rejections.length) {
    print('Rejected rows (row numbers as the file shows them, the header being row 1; values are never shown):');
    for (const r of s.rejections.slice(0, 20)) print(`  row ${r.row}${r.column ? `, ${r.column}` : ''}: ${r.reason}`);
    if (s.rejections.length > 20 || s.rejected > s.rejections.length)
      print(
        `  ... see \`npx hub batches --rejections ${s.batchId}\`${s.status === 'DRY_RUN' ? ' after a real import' : ''}, or --json.`,
      );
  }
  if (s.notes.length) {
    print('Free text dropped (the hub never stores it; what it seemed to hold, never the text):');
    for (const n of s.notes.slice(0, 20)) print(`  row ${n.row}${n.column ? `, ${n.column}` : ''}: ${n.reason}`);
    if (s.notes.length > 20 || s.notesStored > s.notes.length)
      print(
        `  ... see \`npx hub batches --rejections ${s.batchId}\`${s.status === 'DRY_RUN' ? ' after a real import' : ''}, or --json.`,
      );
  }
}

export const IMPORT_DESCRIPTION =
  "Import a CSV file or an .xlsx workbook into a dataset through the hub's checks (template, identifier guard, generalisation, hashing). The file is streamed, never loaded whole; the batch lands whole or not at all.";

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(IMPORT_DESCRIPTION)
    .requiredOption('--dataset <key>', 'dataset key, e.g. bpol-crime (see `npx hub datasets`)')
    .argument('<file>', 'the file: CSV (header row first) or an .xlsx workbook, or - for standard input')
    .option('--dry-run', 'validate and count against the stored data, store nothing')
    .option('--period <period>', 'the submission period, e.g. 2026-Q1 or 2026-03: rows dated outside it are refused')
    .option(
      '--encoding <name>',
      "a CSV file's text encoding when it has no byte order mark: utf-8, utf-16, windows-1252 (detected when not given)",
    )
    .option('--sheet <name>', 'the worksheet of an .xlsx workbook to read (default: the first)')
    .option(
      '--as <username>',
      "import as this account (checked: PROVIDER of the dataset's agency) instead of as the operator",
    )
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, opts: ImportOptions & { encoding?: string }) => {
      const encoding = declaredEncoding(opts.encoding);
      const { input, size } = await openInput(file);
      const allRejected = await withRuntime((rt) => runImport(rt, file, input, size, encoding, opts));
      // Nothing was stored: a script must not read this as success.
      if (allRejected) throw new CliError('Every row was rejected: nothing was stored (exit status 1).', 1);
    });
}

interface ImportOptions {
  dataset: string;
  dryRun?: boolean;
  period?: string;
  sheet?: string;
  as?: string;
  json?: boolean;
}

/** `--encoding`, refused as a usage error when the hub does not know it. */
function declaredEncoding(name: string | undefined): DeclaredEncoding | undefined {
  try {
    return name === undefined ? undefined : parseEncoding(name);
  } catch (err) {
    if (err instanceof ImportRefused) throw new CliError(`Refused (${err.code}): ${err.message}`, 2);
    throw err;
  }
}

/** The file to stream (standard input for -), with its size when known for the progress bar. */
async function openInput(file: string): Promise<{ input: Readable; size?: number }> {
  if (file === '-') return { input: process.stdin };
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new CliError(`Cannot read ${file}: no such file.`, 2);
  }
  return { input: createReadStream(file, { highWaterMark: 256 * 1024 }), size };
}

/** Runs the import and prints its summary; true when every row was rejected (nothing stored). */
async function runImport(
  rt: Runtime,
  file: string,
  input: Readable,
  size: number | undefined,
  encoding: DeclaredEncoding | undefined,
  opts: ImportOptions,
): Promise<boolean> {
  // Batches left RUNNING by an importer (or hub) that died are recorded as failed first.
  await rt.services.imports.sweepAbandoned();
  const bar = opts.json ? undefined : progressBar(size);
  try {
    const summary = await rt.services.imports.run({
      datasetKey: opts.dataset,
      actor: await resolveActor(rt.orm.em.fork(), opts.as),
      door: ImportDoor.CLI,
      source: fileSource(input, {
        encoding,
        sheet: opts.sheet,
        format: /\.xlsx$/i.test(file) ? 'xlsx' : undefined,
      }),
      dryRun: opts.dryRun,
      period: opts.period,
      onProgress: (p) => bar?.update(p),
    });
    bar?.clear();
    // The operator also gets where the time went (not part of the HTTP answer).
    if (opts.json) print(JSON.stringify({ ...publicSummary(summary), timings: summary.timings }));
    else printSummary(summary);
    return summary.allRejected;
  } catch (err) {
    bar?.clear();
    if (!(err instanceof ImportRefused)) throw err;
    if (opts.json) print(JSON.stringify({ error: err.message, reason: err.code, batchId: err.batchId ?? null }));
    throw new CliError(
      `Refused (${err.code}): ${err.message}${err.batchId ? `\nRecorded as failed batch ${err.batchId}.` : ''}`,
      1,
    );
  }
}
