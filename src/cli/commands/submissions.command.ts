import type { Command } from 'commander';
import { batchRejectionsReport as rejectionsReport } from '../../ingest/batch-report.js';
import { MAX_BATCH_PAGE } from '../../ingest/batches.service.js';
import { MAX_PERIODS, type DatasetSubmissions } from '../../ingest/submissions.service.js';
import { CliError, parsePositiveInt, print, withRuntime } from '../runtime.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function registerSubmissions(program: Command): void {
  submissionsCommand(program);
  batchesCommand(program);
}

function submissionsCommand(program: Command): void {
  program
    .command('submissions')
    .description(
      's17A submission tracking: per agency and dataset, which periods arrived, which are due and which are overdue (data for a period is due by the end of the next one).',
    )
    .option('--agency <code>', 'one agency, e.g. BPOL')
    .option('--dataset <key>', 'one dataset, e.g. bpol-crime')
    .option('--as-of <date>', 'report as of this date, YYYY-MM-DD (default today, UK)')
    .option(
      '--periods <n>',
      `periods to show, the current one included (default 8 quarters or 12 months; at most ${MAX_PERIODS})`,
      parsePositiveInt('--periods'),
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { agency?: string; dataset?: string; asOf?: string; periods?: number; json?: boolean }) => {
      if (opts.asOf && (!DATE.test(opts.asOf) || Number.isNaN(Date.parse(opts.asOf))))
        throw new CliError('--as-of must be a date, YYYY-MM-DD.', 2);
      if (opts.periods && opts.periods > MAX_PERIODS) throw new CliError(`--periods may be at most ${MAX_PERIODS}.`, 2);
      await withRuntime(async (rt) => {
        const report = await rt.services.submissions.report({
          agency: opts.agency,
          dataset: opts.dataset,
          asOf: opts.asOf,
          periods: opts.periods,
        });
        if (opts.json) {
          print(JSON.stringify(report, null, 2));
          return;
        }
        if (!report.length) print('No datasets match.');
        else printSubmissions(report);
      });
    });
}

/** The submissions report as a table, one line per dataset and period, with the totals due and overdue. */
function printSubmissions(report: DatasetSubmissions[]): void {
  print(
    `${'AGENCY'.padEnd(7)} ${'DATASET'.padEnd(20)} ${'PERIOD'.padEnd(8)} ${'STATUS'.padEnd(13)} ${'ROWS'.padStart(9)}  DUE BY      FIRST RECEIVED`,
  );
  for (const d of report) {
    for (const p of d.periods) {
      const received = p.firstReceivedAt ? p.firstReceivedAt.toISOString().slice(0, 10) : p.rows ? '(bulk load)' : '';
      print(
        `${d.agencyCode.padEnd(7)} ${d.dataset.padEnd(20)} ${p.period.padEnd(8)} ${p.status.padEnd(13)} ${p.rows.toLocaleString('en-GB').padStart(9)}  ${p.dueBy}  ${received}`,
      );
    }
  }
  const overdue = report.reduce((n, d) => n + d.overdue, 0);
  const due = report.reduce((n, d) => n + d.due, 0);
  print('');
  print(`${overdue} period(s) overdue, ${due} due and not yet received.`);
}

function batchesCommand(program: Command): void {
  program
    .command('batches')
    .description("Recent import batches (counts and outcome, never data), or one batch's rejected rows.")
    .option('--dataset <key>', 'one dataset')
    .option('--first <n>', `how many (default 20, at most ${MAX_BATCH_PAGE})`, parsePositiveInt('--first'), 20)
    .option('--rejections <batchId>', 'list the rejected rows of one batch (row, column, reason)')
    .option('--json', 'print JSON')
    .action(async (opts: { dataset?: string; first: number; rejections?: string; json?: boolean }) => {
      await withRuntime(async (rt) => {
        if (opts.rejections) {
          const batch = await rt.services.batches.get({ kind: 'all' }, opts.rejections);
          if (!batch) throw new CliError(`No import batch ${opts.rejections}.`, 1);
          const list = await rt.services.batches.rejections(batch.id, 1000);
          const notes = await rt.services.batches.notes(batch.id, 1000);
          if (opts.json) print(JSON.stringify({ batch, rejections: list, notes }, null, 2));
          else for (const line of rejectionsReport(batch, list, notes)) print(line);
          return;
        }
        const list = await rt.services.batches.list({ kind: 'all' }, { dataset: opts.dataset }, opts.first);
        if (opts.json) {
          print(JSON.stringify(list, null, 2));
          return;
        }
        for (const b of list) {
          const counts =
            b.status === 'FAILED'
              ? `${b.errorCode}: ${b.error}`
              : `read ${b.rowsRead}, inserted ${b.inserted}, updated ${b.updated}, duplicates ${b.duplicates}, rejected ${b.rejected}${b.blank ? `, blank ${b.blank}` : ''}`;
          print(
            `${b.startedAt.toISOString().slice(0, 19)}Z ${b.id} ${b.dataset.padEnd(20)} ${b.door.padEnd(7)} ${b.status.padEnd(9)} ${b.submittedBy}  ${counts}`,
          );
        }
        if (!list.length) print('No import batches yet.');
      });
    });
}
