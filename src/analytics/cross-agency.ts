import type { AccessPlan } from '../auth/access-plan.js';
import { GroupBy } from '../domain/api-enums.js';
import { DatasetKind } from '../domain/vocabulary.js';
import type {
  AggregateFilter,
  AggregateResult,
  AggregateService,
  AggregateSource,
  AreaGroup,
  Exclusion,
} from './aggregate.service.js';
import type { Point } from './point.js';

/*
 * The Cardiff Model question: assault attendances at A&E against police-recorded
 * violence (and violence with injury) by area, and the share of attendances at least
 * unknown to the police, from published figures only.
 */

export interface CrossAgencyOptions {
  filter?: AggregateFilter;
  level?: AreaGroup;
  rounding?: number;
}

export interface CrossAgencyRow {
  area: string;
  name: string;
  policeViolence: Point;
  policeViolenceWithInjury: Point;
  aeAssaults: Point;
  /** At least this share of A&E assault attendances never reached the police (a lower bound, see the docs). */
  unknownToPoliceShare: number | null;
}

export interface CrossAgencyResult {
  level: AreaGroup;
  rows: CrossAgencyRow[];
  total: CrossAgencyRow;
  sources: AggregateSource[];
  excluded: Exclusion[];
  suppressed: number;
  notes: string[];
}

/**
 * Police violence and police violence with injury are published side by side, each
 * protected as its own table; their difference (violence without injury) is a count too.
 * Where it is small (1 to threshold - 1) for data under disclosure control, the injury
 * figure is hidden, and the injury column then keeps at least two hidden figures (or its
 * total hidden) so that the column total cannot give the hidden one back. Works in place;
 * returns how many figures it hid.
 */
export function hideSmallDifferences(
  rows: { all: Point; inj: Point }[],
  total: { all: Point; inj: Point },
  threshold: number,
): number {
  if (threshold <= 1) return 0;
  const hide = (p: Point) => {
    p.value = null;
    p.suppressed = true;
  };
  const small = (x: { all: Point; inj: Point }) => {
    if (x.all.value === null || x.inj.value === null) return false;
    const d = x.all.value - x.inj.value;
    return d > 0 && d < threshold;
  };
  let hidden = 0;
  if (small(total)) {
    // Rare (a small number without injury over the whole answer): hide the whole column.
    for (const p of [total.inj, ...rows.map((r) => r.inj)]) {
      if (p.suppressed) continue;
      hide(p);
      hidden++;
    }
    return hidden;
  }
  for (const r of rows) {
    if (!small(r)) continue;
    hide(r.inj);
    hidden++;
  }
  if (hidden > 0 && !total.inj.suppressed && rows.filter((r) => r.inj.suppressed).length === 1) {
    // One hidden figure in a column with a shown total: hide the smallest other one too.
    const other = rows
      .filter((r) => !r.inj.suppressed && r.inj.value !== null && r.inj.value > 0)
      .sort((a, b) => a.inj.value! - b.inj.value!)[0];
    if (other) hide(other.inj);
    else hide(total.inj);
    hidden++;
  }
  return hidden;
}

/**
 * The total's share of A&E assault attendances unknown to the police, in per cent to one
 * decimal: a lower bound, `sum over areas of max(0, A&E - police violence with injury)`
 * over all A&E assaults, since in each area at most as many attendances as there are
 * police-recorded injuries can have been reported (a surplus of police records in one
 * area says nothing of another's attendances).
 *
 * Worked out from published figures only, so it can give no hidden figure back: areas
 * whose two figures are both shown count one by one; the areas with a hidden figure count
 * together, as `max(0, their A&E - their police injuries)`, each side being the published
 * total less the shown areas' figures; when the police total is hidden they are left out.
 * Null without a
 * published A&E total above 0, or without police data.
 */
export function unknownToPoliceShare(
  rows: readonly { inj: Point; ae: Point }[],
  total: { inj: Point; ae: Point },
): number | null {
  if (total.ae.value === null || total.ae.suppressed || !total.ae.value) return null;
  // No police data at all (nothing shared): no comparison.
  if (total.inj.value === null && !total.inj.suppressed) return null;
  const shown = rows.filter(
    (r) => r.inj.value !== null && r.ae.value !== null && !r.inj.suppressed && !r.ae.suppressed,
  );
  let unknown = shown.reduce((s, r) => s + Math.max(0, r.ae.value! - r.inj.value!), 0);
  if (shown.length < rows.length && total.inj.value !== null && !total.inj.suppressed) {
    const ae = total.ae.value - shown.reduce((s, r) => s + r.ae.value!, 0);
    const inj = total.inj.value - shown.reduce((s, r) => s + r.inj.value!, 0);
    unknown += Math.max(0, ae - inj);
  }
  return Math.round((Math.min(unknown, total.ae.value) / total.ae.value) * 1000) / 10;
}

export async function crossAgency(
  aggregates: AggregateService,
  plan: AccessPlan,
  opts: CrossAgencyOptions,
): Promise<CrossAgencyResult> {
  const level = opts.level ?? GroupBy.LSOA;
  const base: AggregateFilter = {
    ...(opts.filter ?? {}),
    categories: undefined,
    subcategories: undefined,
    kinds: undefined,
  };
  const police = { ...base, kinds: [DatasetKind.POLICE_CRIME], categories: ['VIOLENCE_AGAINST_THE_PERSON'] };
  const run = (filter: AggregateFilter) =>
    aggregates.aggregate(plan, { groupBy: [level], filter, rounding: opts.rounding, knownOnly: true });
  const [all, injury, ae] = await Promise.all([
    run(police),
    run({ ...police, subcategories: ['VIOLENCE_WITH_INJURY'] }),
    run({ ...base, kinds: [DatasetKind.AE_ASSAULT] }),
  ]);
  const names = await aggregates.areaNames();
  const areas = [...new Set([...all.cells, ...ae.cells].map((c) => c.keys[0] as string))].sort();
  const find = (r: AggregateResult, area: string) => areaPoint(r, area, names);
  const share = (inj: Point, a: Point) =>
    inj.value !== null && a.value ? Math.round((Math.max(0, a.value - inj.value) / a.value) * 1000) / 10 : null;
  const violence = areas.map((area) => ({ all: find(all, area), inj: find(injury, area) }));
  const policeTotal = { all: totalPoint(all), inj: totalPoint(injury) };
  const linked = hideSmallDifferences(
    violence,
    policeTotal,
    Math.max(0, ...all.sources.filter((src) => src.controlled).map((src) => src.minCellSize)),
  );
  const rows = areas.map((area, i) => {
    const a = find(ae, area);
    return {
      area,
      name: names.get(area) ?? area,
      policeViolence: violence[i].all,
      policeViolenceWithInjury: violence[i].inj,
      aeAssaults: a,
      unknownToPoliceShare: share(violence[i].inj, a),
    };
  });
  const aeTotal = totalPoint(ae);
  const totalShare = unknownToPoliceShare(
    rows.map((r) => ({ inj: r.policeViolenceWithInjury, ae: r.aeAssaults })),
    { inj: policeTotal.inj, ae: aeTotal },
  );
  const notes = comparisonNotes(all, ae, rows, totalShare);
  return {
    level,
    rows,
    total: {
      area: 'total',
      name: 'Total',
      policeViolence: policeTotal.all,
      policeViolenceWithInjury: policeTotal.inj,
      aeAssaults: aeTotal,
      unknownToPoliceShare: totalShare,
    },
    sources: [...all.sources, ...ae.sources],
    excluded: [...all.excluded, ...ae.excluded],
    suppressed: all.suppressed + injury.suppressed + ae.suppressed + linked,
    notes,
  };
}

/** An area's figure on one side of the comparison. */
function areaPoint(r: AggregateResult, area: string, names: ReadonlyMap<string, string>): Point {
  const c = r.cells.find((x) => x.keys[0] === area);
  // No cell is 0 when the side has data; with nothing shared it is no figure at all.
  return {
    key: area,
    label: names.get(area) ?? area,
    value: c ? c.value : r.sources.length ? 0 : null,
    suppressed: c?.suppressed ?? false,
  };
}

const totalPoint = (r: AggregateResult): Point => ({
  key: 'total',
  label: 'Total',
  value: r.total.value,
  suppressed: r.total.suppressed,
});

/** What the comparison tells the reader about itself: a side with no data shared, and how hidden figures count. */
function comparisonNotes(
  all: AggregateResult,
  ae: AggregateResult,
  rows: readonly { aeAssaults: Point; policeViolenceWithInjury: Point }[],
  totalShare: number | null,
): string[] {
  const notes: string[] = [];
  if (!ae.sources.length)
    notes.push('No A&E assault data is shared with you for this purpose, so the comparison has only the police side.');
  if (!all.sources.length) notes.push('No police recorded crime is shared with you for this purpose.');
  if (totalShare !== null && rows.some((r) => r.aeAssaults.suppressed || r.policeViolenceWithInjury.suppressed)) {
    notes.push(
      'Areas with a hidden figure count towards the total share only together, through the published totals, so that no hidden figure can be worked out from it.',
    );
  }
  return notes;
}
