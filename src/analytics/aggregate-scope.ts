import type { AccessPlan, DatasetAccess } from '../auth/access-plan.js';
import { badInput, forbidden } from '../auth/errors.js';
import { atLeastAsFine } from '../auth/record-fields.js';
import type { GroupBy } from '../domain/api-enums.js';
import { Access, DatasetKind, RecordField } from '../domain/vocabulary.js';
import type { AggregateFilter, AggregateSource, Exclusion } from './aggregate.service.js';
import { templateGap } from './breakdowns.js';
import type { Need } from './groupings.js';

/*
 * The scope of an answer: which datasets of an access plan can answer a request at the
 * grain it asks for, which are left out and why, and which are under disclosure control
 * (the caller could not count them by listing the records).
 */

/** A dataset as the hub catalogues it. */
export interface DatasetInfo {
  id: string;
  key: string;
  kind: DatasetKind;
  agencyCode: string;
}

/** The sources of an answer: the datasets in scope, with how the caller may see them. */
export function sourcesOf(
  included: readonly Pick<
    DatasetAccess,
    'datasetId' | 'datasetKey' | 'own' | 'level' | 'minCellSize' | 'agreementIds'
  >[],
  controlled: ReadonlySet<string>,
  info: ReadonlyMap<string, { agencyCode: string }>,
): AggregateSource[] {
  return included.map((d) => ({
    datasetId: d.datasetId,
    dataset: d.datasetKey,
    agency: info.get(d.datasetId)?.agencyCode ?? '',
    own: d.own,
    controlled: controlled.has(d.datasetId),
    minCellSize: controlled.has(d.datasetId) ? d.minCellSize : 0,
    agreementIds: [...d.agreementIds],
    agreements: [],
    access: d.own || d.level === Access.RECORD ? Access.RECORD : Access.AGGREGATE,
    contributed: false,
  }));
}

/**
 * The datasets a question names by kind or agency that are not shared with the caller for
 * the purpose at all. Every dataset is listed in the catalogue (`datasets`, `myAccess`), so
 * naming them says nothing the caller cannot know; without a kind or agency filter the
 * question is about whatever is shared, and none is listed.
 */
function unshared(plan: AccessPlan, info: ReadonlyMap<string, DatasetInfo>, filter: AggregateFilter): Exclusion[] {
  if (!filter.kinds?.length && !filter.agencies?.length) return [];
  const out: Exclusion[] = [];
  for (const d of [...info.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    if (filter.kinds?.length && !filter.kinds.includes(d.kind)) continue;
    if (filter.agencies?.length && !filter.agencies.includes(d.agencyCode)) continue;
    if (filter.datasets?.length && !filter.datasets.includes(d.key)) continue;
    const access = plan.datasets.get(d.id);
    if (access && access.level !== Access.NONE) continue;
    out.push({ dataset: d.key, reason: `not shared with you for ${plan.purpose ?? 'this purpose'}` });
  }
  return out;
}

/** Why a dataset's grants cannot answer these needs (none: it can). */
function grantGaps(d: DatasetAccess, needs: readonly Need[]): string[] {
  const reasons: string[] = [];
  for (const need of needs) {
    const f = d.fields[need.field];
    if (f.access === Access.NONE) reasons.push(`${need.field} is not shared with you`);
    else if (need.precision && !atLeastAsFine(f.aggregatePrecision, need.precision)) {
      reasons.push(
        `${need.field} is shared no finer than ${f.aggregatePrecision ?? 'none'}, and this needs ${need.precision}`,
      );
    }
  }
  return [...new Set(reasons)];
}

/** Counts the caller could make by listing the records themselves need no control. */
function derivable(d: DatasetAccess, needs: readonly Need[]): boolean {
  if (d.own) return true;
  return (
    d.level === Access.RECORD &&
    needs.every((need) => {
      const f = d.fields[need.field];
      if (f.access !== Access.RECORD) return false;
      if (!need.precision) return true;
      return (
        atLeastAsFine(f.recordPrecision, need.precision) &&
        (need.field !== RecordField.TIME || atLeastAsFine(f.recordPrecision, f.aggregatePrecision))
      );
    })
  );
}

/** What can answer a request: the datasets included, the ones left out and why, and those under disclosure control. */
export interface AnswerScope {
  included: DatasetAccess[];
  excluded: Exclusion[];
  controlled: Set<string>;
}

/**
 * The datasets of the plan that can answer a request, the ones left out and why, and
 * whether each is under disclosure control for it. A dataset the caller named that
 * cannot answer is refused rather than left out.
 */
export function scopeOf(
  plan: AccessPlan,
  info: ReadonlyMap<string, DatasetInfo>,
  needs: readonly Need[],
  filter: AggregateFilter,
  groupBy: readonly GroupBy[],
): AnswerScope {
  let candidates = [...plan.datasets.values()].filter((d) => d.level !== Access.NONE);
  if (filter.datasets?.length) {
    const unknown = filter.datasets.filter((k) => !candidates.some((d) => d.datasetKey === k));
    // "Not shared with you" and "does not exist" read the same.
    if (unknown.length)
      throw forbidden(`No data of these datasets is shared with you for this purpose: ${unknown.join(', ')}.`);
    candidates = candidates.filter((d) => filter.datasets!.includes(d.datasetKey));
  }
  if (filter.agencies?.length)
    candidates = candidates.filter((d) => filter.agencies!.includes(info.get(d.datasetId)?.agencyCode ?? ''));
  if (filter.kinds?.length)
    candidates = candidates.filter((d) => filter.kinds!.includes(info.get(d.datasetId)?.kind as DatasetKind));

  const included: DatasetAccess[] = [];
  const excluded: Exclusion[] = [];
  const controlled = new Set<string>();
  for (const d of candidates) {
    // A field the template does not keep is not "unknown" in every record: the dataset cannot answer.
    const gap = templateGap(groupBy, info.get(d.datasetId)!.kind);
    if (gap && filter.datasets?.includes(d.datasetKey))
      throw badInput(`${d.datasetKey} cannot be broken down this way: ${gap}.`);
    const reasons = gap ? [gap] : grantGaps(d, needs);
    if (reasons.length) {
      excluded.push({ dataset: d.datasetKey, reason: reasons.join('; ') });
      continue;
    }
    included.push(d);
    if (!derivable(d, needs)) controlled.add(d.datasetId);
  }
  excluded.push(...unshared(plan, info, filter));
  if (filter.datasets?.length) {
    const refused = excluded.filter((e) => filter.datasets!.includes(e.dataset));
    if (refused.length)
      throw forbidden(
        `Not shared with you at this grain: ${refused.map((e) => `${e.dataset} (${e.reason})`).join('; ')}.`,
        { excluded: refused },
      );
  }
  return { included, excluded, controlled };
}
