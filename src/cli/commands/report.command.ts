import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { analyticsFor } from '../../analytics/index.js';
import { londonMidnight } from '../../domain/uk-time.js';
import { buildAssessment, renderHtml, renderMarkdown } from '../../analytics/report.js';
import { layersFor } from '../../geography/layers.js';
import type { Principal } from '../../auth/principal.js';
import { Purpose } from '../../domain/vocabulary.js';
import { User } from '../../entities/user.entity.js';
import { consoleActor } from '../../auth/actor.js';
import { CliError, print, withRuntime } from '../runtime.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(name: string, value: string): Date {
  if (!DATE.test(value)) throw new CliError(`${name} must be a date YYYY-MM-DD, got "${value}".`, 2);
  return londonMidnight(value);
}

export function registerReport(program: Command): void {
  const report = program
    .command('report')
    .description('Reports built from the shared data, as the named account may see it.');
  report
    .command('assessment')
    .description(
      'The strategic assessment for a period: trends per priority, peak times, hotspots, repeats, cross-agency comparison and performance, with SVG charts.',
    )
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (Europe/London)')
    .requiredOption('--to <date>', 'day after the last, YYYY-MM-DD (exclusive)')
    .option('--format <format>', 'html or md', 'html')
    .requiredOption(
      '--as <username>',
      'the account whose agreements and roles decide what the report shows, e.g. analyst@bpol',
    )
    .option(
      '--purpose <purpose>',
      `declared purpose: ${Object.values(Purpose).join(', ')}`,
      Purpose.STRATEGIC_ASSESSMENT,
    )
    .option('--rounding <n>', 'round shown counts to a multiple of n (e.g. 5)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(
      async (opts: {
        from: string;
        to: string;
        format: string;
        as: string;
        purpose: string;
        rounding?: string;
        out?: string;
      }) => {
        const from = parseDate('--from', opts.from);
        const to = parseDate('--to', opts.to);
        if (from >= to) throw new CliError('--from must be before --to.', 2);
        const format = opts.format.toLowerCase();
        if (format !== 'html' && format !== 'md') throw new CliError('--format is html or md.', 2);
        if (!(Object.values(Purpose) as string[]).includes(opts.purpose))
          throw new CliError(`--purpose must be one of ${Object.values(Purpose).join(', ')}.`, 2);
        const rounding = opts.rounding === undefined ? undefined : Number(opts.rounding);
        if (rounding !== undefined && (!Number.isInteger(rounding) || rounding < 0 || rounding > 100))
          throw new CliError('--rounding is a whole number from 0 to 100.', 2);
        await withRuntime(async (rt) => {
          const em = rt.orm.em.fork();
          const user = await em.findOne(User, { username: opts.as.toLowerCase() }, { populate: ['agency'] });
          if (!user || !user.active || !user.agency.active) throw new CliError(`No active account "${opts.as}".`);
          const principal: Principal = {
            kind: 'user',
            id: user.id,
            agencyId: user.agency.id,
            agencyCode: user.agency.code,
            roles: [...user.roles],
            scopes: [],
            label: user.username,
          };
          const plan = await rt.services.policy.plan(em, principal, opts.purpose as Purpose);
          // The same rule as the API: a role or purpose that reads no data gets no report.
          if (plan.denial)
            throw new CliError(
              `${user.username} may not read shared data for ${opts.purpose}: ${plan.denial.message}`,
              3,
            );
          const doc = await buildAssessment(analyticsFor(rt.pool), plan, {
            from,
            to,
            preparedFor: `${user.username} (${user.agency.code}), purpose ${opts.purpose}`,
            rounding,
            boundaries: (level) => layersFor(rt.pool).shapes(level),
          });
          const text = format === 'html' ? renderHtml(doc) : renderMarkdown(doc);
          // Reading shared data is recorded, as it is through the API.
          const datasets = [...new Set(doc.sources.map((x) => x.dataset))];
          await rt.services.audit.record({
            kind: 'GRAPHQL',
            action: 'report.assessment',
            outcome: 'ANSWERED',
            principalKind: 'user',
            principalId: user.id,
            principalLabel: user.username,
            agencyId: user.agency.id,
            agencyCode: user.agency.code,
            roles: [...user.roles],
            purpose: opts.purpose,
            agreements: [...new Set(doc.sources.flatMap((x) => x.agreementIds))],
            datasets,
            concerns: [
              ...new Set([
                user.agency.id,
                ...[...plan.datasets.values()]
                  .filter((d) => datasets.includes(d.datasetKey))
                  .map((d) => d.providerAgencyId),
              ]),
            ],
            // The values the report publishes, counted as its analyses count them through the API.
            cells: doc.cells,
            cellsSuppressed: doc.suppressed,
            // Who sat at the console: the report reads as the named account, but they asked for it.
            details: {
              via: 'cli',
              operator: consoleActor().label,
              from: from.toISOString(),
              to: to.toISOString(),
              format,
            },
          });
          if (opts.out) {
            await writeFile(opts.out, text);
            print(`Wrote ${opts.out} (${doc.sections.length} sections, ${doc.suppressed} values suppressed).`);
          } else process.stdout.write(text);
        });
      },
    );
}
