import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { badInput, forbidden } from '../auth/errors.js';
import type { Principal } from '../auth/principal.js';
import type { HubContext } from '../context.js';
import { MAX_PERIODS } from '../ingest/submissions.service.js';
import { Role } from '../domain/vocabulary.js';
import { DatasetSubmissionsType } from '../schema/import.type.js';

/**
 * Whose submissions a caller sees: administrators and auditors the whole partnership's;
 * everyone else their own agency's only. A period's status and counts say whether and
 * how much data exists for it (RECEIVED means at least one record that month), which for
 * another agency's dataset is itself a disclosure, so it is not shown across agencies.
 */
function ownAgencyOnly(principal: Principal): string | undefined {
  return principal.kind === 'user' && principal.roles.some((r) => r === Role.ADMIN || r === Role.AUDITOR)
    ? undefined
    : principal.agencyId;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@Resolver()
export class SubmissionsResolver {
  @Query(() => [DatasetSubmissionsType], {
    description:
      "Submission tracking for the s17A duty: per agency and dataset, which periods arrived, which are due and which are overdue (a period's data is due by the end of the next period). Your own agency's datasets; administrators and auditors see every agency's.",
  })
  async submissions(
    @Ctx() ctx: HubContext,
    @Arg('agency', () => String, { nullable: true, description: 'Agency code.' }) agency?: string | null,
    @Arg('dataset', () => String, { nullable: true, description: 'Dataset key.' }) dataset?: string | null,
    @Arg('asOf', () => String, {
      nullable: true,
      description: 'Report as of this date (YYYY-MM-DD); default today (UK).',
    })
    asOf?: string | null,
    @Arg('periods', () => Int, {
      nullable: true,
      description: `Periods to show, the current one included (default 8 quarters or 12 months; at most ${MAX_PERIODS}).`,
    })
    periods?: number | null,
  ): Promise<DatasetSubmissionsType[]> {
    if (asOf && (!DATE.test(asOf) || Number.isNaN(Date.parse(asOf))))
      throw badInput('`asOf` must be a date, YYYY-MM-DD.');
    if (periods !== null && periods !== undefined && (periods < 1 || periods > MAX_PERIODS))
      throw badInput(`\`periods\` must be between 1 and ${MAX_PERIODS}.`);
    const agencyId = ownAgencyOnly(ctx.principal!);
    if (agencyId && agency && agency.trim().toUpperCase() !== ctx.principal!.agencyCode) {
      throw forbidden(
        `You see your own agency's submissions (${ctx.principal!.agencyCode}) only; administrators and auditors see every agency's.`,
      );
    }
    const report = await ctx.services.submissions.report({
      agency: agency ?? undefined,
      agencyId,
      dataset: dataset ?? undefined,
      asOf: asOf ?? undefined,
      periods: periods ?? undefined,
    });
    return report.map((d) => ({
      dataset: d.dataset,
      datasetName: d.datasetName,
      kind: d.kind,
      agency: d.agencyCode,
      agencyName: d.agencyName,
      cadence: d.cadence,
      due: d.due,
      overdue: d.overdue,
      periods: d.periods,
    }));
  }
}
