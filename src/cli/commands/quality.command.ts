import type { Command } from 'commander';
import { MAX_QUALITY_MONTHS, type DatasetQuality } from '../../ingest/quality.js';
import { CliError, parsePositiveInt, print, withRuntime } from '../runtime.js';

export const QUALITY_DESCRIPTION =
  'Data-quality scorecard per dataset, month by month of arrival: completeness of each optional column, rows refused (by rule), what free text held (by kind), late arrivals against the s17A deadline. Counts only, never a value.';

const pct = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%`;
const fmt = (n: number) => n.toLocaleString('en-GB');

/** The scorecard as text: one block per dataset, one line per month, then the months' details. */
export function qualityText(report: readonly DatasetQuality[]): string[] {
  const out: string[] = [];
  for (const d of report) {
    out.push(`${d.dataset} (${d.agencyCode}, ${d.kind}, ${d.cadence.toLowerCase()})`);
    if (!d.months.length) {
      out.push('  no batches in these months');
      out.push('');
      continue;
    }
    out.push(
      `  ${'MONTH'.padEnd(8)} ${'BATCHES'.padStart(7)} ${'ROWS'.padStart(9)} ${'REFUSED'.padStart(8)} ${'BLANK'.padStart(6)} ${'IDENTIFIERS IN TEXT'.padStart(19)} ${'OUTSIDE PERIOD'.padStart(14)} ${'LATE'.padStart(9)}`,
    );
    for (const m of d.months) {
      const identifiers = m.freeTextByKind.filter((k) => k.key !== 'NOT_CODED').reduce((n, k) => n + k.rows, 0);
      out.push(
        `  ${m.month.padEnd(8)} ${fmt(m.batches).padStart(7)} ${fmt(m.rows).padStart(9)} ${pct(m.rejectedShare).padStart(8)} ${fmt(m.blank).padStart(6)} ${fmt(identifiers).padStart(19)} ${fmt(m.outsidePeriod).padStart(14)} ${`${fmt(m.late)} (${pct(m.lateShare)})`.padStart(9)}`,
      );
    }
    for (const m of d.months) {
      out.push(`  ${m.month}:`);
      if (m.rejectedByRule.length)
        out.push(
          `    refused by rule: ${m.rejectedByRule.map((r) => `${r.key} ${fmt(r.rows)} (${pct(r.share)})`).join(', ')}`,
        );
      if (m.freeTextByKind.length)
        out.push(
          `    free text (dropped, never stored) held: ${m.freeTextByKind.map((k) => `${k.key} ${fmt(k.rows)} (${pct(k.share)})`).join(', ')}`,
        );
      if (m.completeness.length)
        out.push(
          `    optional columns filled (of ${fmt(m.accepted)} rows accepted): ${m.completeness.map((c) => `${c.column} ${pct(c.share)}`).join(', ')}`,
        );
    }
    out.push('');
  }
  return out;
}

export function registerQuality(program: Command): void {
  program
    .command('quality')
    .description(QUALITY_DESCRIPTION)
    .option('--dataset <key>', 'one dataset, e.g. bpol-crime')
    .option(
      '--months <n>',
      `months back from this one (default 12, at most ${MAX_QUALITY_MONTHS})`,
      parsePositiveInt('--months'),
      12,
    )
    .option('--json', 'print the scorecards as JSON')
    .action(async (opts: { dataset?: string; months: number; json?: boolean }) => {
      if (opts.months > MAX_QUALITY_MONTHS) throw new CliError(`--months may be at most ${MAX_QUALITY_MONTHS}.`, 2);
      await withRuntime(async (rt) => {
        const report = await rt.services.batches.quality(
          { kind: 'all' },
          { dataset: opts.dataset, months: opts.months },
        );
        if (!report) throw new CliError(`No dataset "${opts.dataset}". \`npx hub datasets\` lists them.`, 1);
        if (opts.json) {
          print(JSON.stringify(report, null, 2));
          return;
        }
        if (!report.length) {
          print('No datasets yet.');
          return;
        }
        for (const line of qualityText(report)) print(line);
        print(
          "Months are when batches arrived (UK time). REFUSED: rows rejected, of the rows read that were not blank. LATE: new records that arrived after their period's deadline.",
        );
      });
    });
}
