import { AREAS, type AggregateFilter, type AggregateSource, type AreaGroup } from '../analytics/aggregate.service.js';
import type { Point } from '../analytics/analyses.service.js';
import { badInput } from '../auth/errors.js';
import type { HubContext } from '../context.js';
import type { GroupBy } from '../domain/api-enums.js';
import type { AnalysisFilterInput } from '../schema/analytics.type.js';

/*
 * What the analytics resolvers share: the record an answer leaves in the audit trail, and
 * the reading of the arguments every analysis takes (filter, area level, published points).
 */

/** What the audit trail records of an analysis: datasets and agreements used, cells returned and suppressed. */
export function record(ctx: HubContext, sources: readonly AggregateSource[], cells: number, suppressed: number): void {
  for (const s of sources) {
    ctx.facts.datasets.add(s.dataset);
    for (const a of s.agreementIds) ctx.facts.agreements.add(a);
  }
  ctx.facts.cells += cells;
  ctx.facts.cellsSuppressed += suppressed;
}

/** The filter of an analysis, from its GraphQL input. */
export const filterOf = (f?: AnalysisFilterInput | null): AggregateFilter => ({ ...(f ?? {}) });

/** A published point with `partial` always set, as the schema has it. */
export const pt = (p: Point) => ({ ...p, partial: p.partial ?? false });

/** An area level argument, checked against the levels the analysis allows. */
export function level(g: GroupBy, allowed: readonly GroupBy[] = AREAS): AreaGroup {
  if (!allowed.includes(g)) throw badInput(`\`level\` must be one of ${allowed.join(', ')}.`);
  return g as AreaGroup;
}
