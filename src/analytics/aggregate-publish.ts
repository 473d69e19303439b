import type { DatasetAccess } from '../auth/access-plan.js';
import { GroupBy } from '../domain/api-enums.js';
import { metrics } from '../metrics.js';
import type {
  AggregateCell,
  AggregateMargin,
  AggregateRequest,
  AggregateResult,
  AggregateSource,
  Exclusion,
} from './aggregate.service.js';
import type { CellInput } from './disclosure-lattice.js';
import { protectTable } from './disclosure.js';
import { tabulate, type CellRow } from './tabulate.js';

/*
 * An aggregate answer as published: the table of counts under disclosure control, its
 * margins and total, and rates per 1,000 residents worked out from the published counts.
 */

/** The populations of standard areas (by code) and of outward postcodes (summed over their LSOAs). */
export interface Populations {
  byCode: ReadonlyMap<string, { population: number | null }>;
  outward: ReadonlyMap<string, number | null>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function publishAnswer(
  groupBy: GroupBy[],
  rows: CellRow[],
  sources: AggregateSource[],
  excluded: Exclusion[],
  controlled: Set<string>,
  included: DatasetAccess[],
  req: AggregateRequest,
  areas: Populations,
): AggregateResult {
  const { keyLists, cells } = tabulate(groupBy, rows, controlled);
  const thresholds = Object.fromEntries(
    included.filter((d) => controlled.has(d.datasetId)).map((d) => [d.datasetId, d.minCellSize]),
  );
  const input: CellInput[] = cells;
  const protectedTable = protectTable({
    shape: keyLists.map((l) => l.length),
    cells: input,
    thresholds,
    rounding: req.rounding || undefined,
  });
  metrics.cellsSuppressed(protectedTable.primary, protectedTable.secondary);

  // Rates are worked out from the published (rounded) count, so they reveal no more than it.
  const population = populationOf(areas);
  const areaDim = groupBy.findIndex(
    (g) => g === GroupBy.LSOA || g === GroupBy.WARD || g === GroupBy.LOCAL_AUTHORITY || g === GroupBy.OUTWARD_POSTCODE,
  );
  const rate = (value: number | null, pop: number | null) =>
    req.rates && value !== null && pop ? round2((value / pop) * 1000) : null;
  const filterPop = filterPopulation(req.filter?.areas, population);
  const outCells: AggregateCell[] = cells.map((c, i) => {
    const pub = protectedTable.cells[i];
    const pop = areaDim >= 0 ? population(c.keys[areaDim]) : filterPop;
    return { keys: c.keys, value: pub.value, suppressed: pub.suppressed, rate: rate(pub.value, pop) };
  });
  const margins: AggregateMargin[] = protectedTable.margins.flatMap((list, d) =>
    list.map((m, i) => ({ dimension: groupBy[d], key: keyLists[d][i], value: m.value, suppressed: m.suppressed })),
  );
  return {
    dimensions: groupBy,
    cells: outCells,
    margins,
    total: { ...protectedTable.total, rate: rate(protectedTable.total.value, filterPop) },
    sources,
    excluded,
    suppressed: protectedTable.suppressed,
    rounding: req.rounding || null,
    notes: [],
    matchedCells: outCells.length,
  };
}

/** The population of an area or outward postcode, null when unknown. */
function populationOf({ byCode, outward }: Populations): (code: string | null) => number | null {
  return (code) => {
    if (code === null) return null;
    return byCode.get(code)?.population ?? outward.get(code) ?? null;
  };
}

/** The population of the areas a filter names, null when any is unknown (or none is named). */
function filterPopulation(
  areas: readonly string[] | undefined,
  population: (code: string | null) => number | null,
): number | null {
  if (!areas?.length) return null;
  let total = 0;
  for (const c of areas) {
    const p = population(c);
    if (p === null) return null;
    total += p;
  }
  return total;
}
