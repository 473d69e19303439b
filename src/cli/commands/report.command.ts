import { userPrincipal } from '../../auth/principal.js';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readAnalytics } from '../../analytics/index.js';
import { buildReport, renderReport, reportMeta, type ReportKind } from '../../analytics/report/index.js';
import { consoleActor } from '../../auth/actor.js';
import { ReportFormat } from '../../domain/api-enums.js';
import { londonMidnight } from '../../domain/uk-time.js';
import { Purpose } from '../../domain/vocabulary.js';
import type { User } from '../../entities/user.entity.js';
import { layersFor } from '../../geography/layers.js';
import type { Runtime } from '../../runtime.js';
import { actingAccount } from '../acting-account.js';
import { CliError, print, withRuntime } from '../runtime.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FORMATS: Record<string, ReportFormat> = {
  html: ReportFormat.HTML,
  md: ReportFormat.MARKDOWN,
  docx: ReportFormat.DOCX,
};

interface ReportOpts {
  from: string;
  to: string;
  format: string;
  as: string;
  purpose: string;
  rounding?: number;
  out?: string;
}

function parseDate(name: string, value: string): Date {
  if (!DATE.test(value)) throw new CliError(`${name} must be a date YYYY-MM-DD, got "${value}".`, 2);
  return londonMidnight(value);
}

function parseRounding(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 100) throw new CliError('--rounding is a whole number from 0 to 100.', 2);
  return n;
}

/** The options every report takes. */
function reportCommand(parent: Command, name: string, kind: ReportKind, description: string, purpose: Purpose): void {
  parent
    .command(name)
    .description(description)
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (Europe/London)')
    .requiredOption('--to <date>', 'day after the last, YYYY-MM-DD (exclusive)')
    .option('--format <format>', 'html (print-ready), md or docx (Word; needs --out)', 'html')
    .requiredOption(
      '--as <username>',
      'the account whose agreements and roles decide what the report shows, e.g. analyst@bpol',
    )
    .option('--purpose <purpose>', `declared purpose: ${Object.values(Purpose).join(', ')}`, purpose)
    .option('--rounding <n>', 'round shown counts to a multiple of n (e.g. 5)', parseRounding)
    .option('--out <file>', 'write to this file instead of standard output')
    .action((opts: ReportOpts) => runReport(kind, opts));
}

export function registerReport(program: Command): void {
  const report = program
    .command('report')
    .description('Reports built from the shared data, as the named account may see it.');
  reportCommand(
    report,
    'assessment',
    'assessment',
    'The strategic assessment for a period: executive summary, trends per priority, peak times, hotspots, repeats, the A&E and police comparison and performance, with charts and maps.',
    Purpose.STRATEGIC_ASSESSMENT,
  );
  reportCommand(
    report,
    'sna',
    'sna',
    "The Serious Violence Duty's strategic needs assessment: serious violence as the partnership defines it (hub serious-violence show), by type, where, when and who, A&E against police recording, repeat locations, and the data sources with their gaps.",
    Purpose.STRATEGIC_ASSESSMENT,
  );
}

async function runReport(kind: ReportKind, opts: ReportOpts): Promise<void> {
  const from = parseDate('--from', opts.from);
  const to = parseDate('--to', opts.to);
  if (from >= to) throw new CliError('--from must be before --to.', 2);
  const format = FORMATS[opts.format.toLowerCase()];
  if (!format) throw new CliError('--format is html, md or docx.', 2);
  if (format === ReportFormat.DOCX && !opts.out) throw new CliError('--format docx writes a file: give --out.', 2);
  if (!(Object.values(Purpose) as string[]).includes(opts.purpose))
    throw new CliError(`--purpose must be one of ${Object.values(Purpose).join(', ')}.`, 2);
  await withRuntime(async (rt) => {
    const em = rt.orm.em.fork();
    const user = await actingAccount(em, opts.as);
    const principal = userPrincipal(user);
    const plan = await rt.services.policy.plan(em, principal, opts.purpose as Purpose);
    // The same rule as the API: a role or purpose that reads no data gets no report.
    if (plan.denial)
      throw new CliError(`${user.username} may not read shared data for ${opts.purpose}: ${plan.denial.message}`, 3);
    const meta = await reportMeta(em, principal, rt.config.reports, opts.purpose);
    // As the API does: the figures from the read replica while it is usable.
    const doc = await readAnalytics(rt.services.reads, (analyses, pool) =>
      buildReport({ analyses, pool }, plan, {
        kind,
        from,
        to,
        preparedFor: `${user.username} (${user.agency.code}), purpose ${opts.purpose}`,
        meta,
        rounding: opts.rounding,
        boundaries: (level) => layersFor(pool).shapes(level),
      }),
    );
    const rendered = await renderReport(doc, format);
    await recordReport(rt, kind, user, plan, doc, { from, to, format: opts.format.toLowerCase() });
    if (opts.out) {
      await writeFile(opts.out, rendered.body);
      print(`Wrote ${opts.out} (${doc.sections.length} sections, ${doc.suppressed} values suppressed).`);
    } else process.stdout.write(rendered.body);
  });
}

/** Reading shared data is recorded, as it is through the API. */
async function recordReport(
  rt: Runtime,
  kind: ReportKind,
  user: User,
  plan: Awaited<ReturnType<Runtime['services']['policy']['plan']>>,
  doc: Awaited<ReturnType<typeof buildReport>>,
  req: { from: Date; to: Date; format: string },
): Promise<void> {
  const datasets = [...new Set(doc.sources.map((x) => x.dataset))];
  await rt.services.audit.record({
    kind: 'GRAPHQL',
    action: kind === 'assessment' ? 'report.assessment' : 'report.sna',
    outcome: 'ANSWERED',
    principalKind: 'user',
    principalId: user.id,
    principalLabel: user.username,
    agencyId: user.agency.id,
    agencyCode: user.agency.code,
    roles: [...user.roles],
    purpose: plan.purpose,
    agreements: [...new Set(doc.sources.flatMap((x) => x.agreementIds))],
    datasets,
    concerns: [
      ...new Set([
        user.agency.id,
        ...[...plan.datasets.values()].filter((d) => datasets.includes(d.datasetKey)).map((d) => d.providerAgencyId),
      ]),
    ],
    // The values the report publishes, counted as its analyses count them through the API.
    cells: doc.cells,
    cellsSuppressed: doc.suppressed,
    // Who sat at the console: the report reads as the named account, but they asked for it.
    details: {
      via: 'cli',
      operator: consoleActor().label,
      from: req.from.toISOString(),
      to: req.to.toISOString(),
      format: req.format,
    },
  });
}
