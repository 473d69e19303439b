import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Readable } from 'node:stream';
import type { Principal } from '../../auth/principal.js';
import { User } from '../../entities/user.entity.js';
import { ImportRefused } from '../../ingest/import-errors.js';
import { ImportDoor, publicSummary, type ImportActor, type ImportSummary } from '../../ingest/import.service.js';
import { csvSource } from '../../ingest/record-source.js';
import type { Runtime } from '../../runtime.js';
import { CliError, print, withRuntime } from '../runtime.js';

const fmt = (n: number) => n.toLocaleString('en-GB');

/** The operator at the command line, or the named account when `--as` is given (and checked like any other). */
async function actorFor(rt: Runtime, as?: string): Promise<ImportActor> {
  if (!as) {
    let who = 'operator';
    try {
      who = userInfo().username;
    } catch {
      // no passwd entry in some containers
    }
    return { kind: 'system', label: `cli:${who}` };
  }
  const user = await rt.orm.em.fork().findOne(User, { username: as.toLowerCase() }, { populate: ['agency'] });
  if (!user || !user.active) throw new CliError(`No active account "${as}".`, 2);
  const principal: Principal = { kind: 'user', id: user.id, agencyId: user.agency.id, agencyCode: user.agency.code, roles: [...user.roles], scopes: [], label: user.username };
  return principal;
}

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
        process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(share * 100).toFixed(0).padStart(3)}%  ${fmt(p.rows)} rows  ${rate}`);
      } else {
        process.stderr.write(`\r${fmt(p.rows)} rows  ${rate}`);
      }
    },
    clear() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

function printSummary(s: ImportSummary): void {
  const verb = s.status === 'DRY_RUN' ? 'Dry run (nothing stored)' : `Imported into ${s.dataset}, batch ${s.batchId}`;
  print(`${verb}: ${fmt(s.rowsRead)} rows read in ${(s.millis / 1000).toFixed(1)} s`);
  print(`  inserted   ${fmt(s.inserted).padStart(12)}`);
  print(`  updated    ${fmt(s.updated).padStart(12)}`);
  print(`  duplicates ${fmt(s.duplicates).padStart(12)}`);
  print(`  rejected   ${fmt(s.rejected).padStart(12)}`);
  if (s.freeTextCoded || s.freeTextDropped) print(`  free text: ${fmt(s.freeTextCoded)} reduced to a code, ${fmt(s.freeTextDropped)} dropped (never stored)`);
  if (s.sameFileAs) print(`  This file is identical to batch ${s.sameFileAs}: nothing new was added.`);
  if (s.rejections.length) {
    print('Rejected rows (row numbers count the header as row 1; values are never shown):');
    for (const r of s.rejections.slice(0, 20)) print(`  row ${r.row}${r.column ? `, ${r.column}` : ''}: ${r.reason}`);
    if (s.rejected > 20 || s.rejections.length > 20) print(`  ... see \`npx hub batches --rejections ${s.batchId}\`${s.status === 'DRY_RUN' ? ' after a real import' : ''}, or --json.`);
  }
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import a CSV file into a dataset through the hub\'s checks (template, identifier guard, generalisation, hashing). The file is streamed, never loaded whole; the batch lands whole or not at all.')
    .requiredOption('--dataset <key>', 'dataset key, e.g. bpol-crime (see `npx hub datasets`)')
    .argument('<file>', 'the CSV file (UTF-8, comma separated, header row first), or - for standard input')
    .option('--dry-run', 'validate and count against the stored data, store nothing')
    .option('--period <period>', 'the submission period, e.g. 2026-Q1 or 2026-03: rows dated outside it are refused')
    .option('--as <username>', 'import as this account (checked: PROVIDER of the dataset\'s agency) instead of as the operator')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, opts: { dataset: string; dryRun?: boolean; period?: string; as?: string; json?: boolean }) => {
      let size: number | undefined;
      let input: Readable;
      if (file === '-') {
        input = process.stdin;
      } else {
        try {
          size = (await stat(file)).size;
        } catch {
          throw new CliError(`Cannot read ${file}: no such file.`, 2);
        }
        input = createReadStream(file, { highWaterMark: 256 * 1024 });
      }
      await withRuntime(async (rt) => {
        const bar = opts.json ? undefined : progressBar(size);
        try {
          const summary = await rt.services.imports.run({
            datasetKey: opts.dataset,
            actor: await actorFor(rt, opts.as),
            door: ImportDoor.CLI,
            source: csvSource(input),
            dryRun: opts.dryRun,
            period: opts.period,
            onProgress: (p) => bar?.update(p),
          });
          bar?.clear();
          // The operator also gets where the time went (not part of the HTTP answer).
          if (opts.json) print(JSON.stringify({ ...publicSummary(summary), timings: summary.timings }));
          else printSummary(summary);
        } catch (err) {
          bar?.clear();
          if (!(err instanceof ImportRefused)) throw err;
          if (opts.json) print(JSON.stringify({ error: err.message, reason: err.code, batchId: err.batchId ?? null }));
          throw new CliError(`Refused (${err.code}): ${err.message}${err.batchId ? `\nRecorded as failed batch ${err.batchId}.` : ''}`, 1);
        }
      });
    });
}
