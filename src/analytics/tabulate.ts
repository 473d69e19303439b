import { badInput } from '../auth/errors.js';
import type { GroupBy } from '../domain/api-enums.js';
import { compareKeys } from './groupings.js';

/**
 * The cells of an aggregate answer as the hub holds them: one small object per cell, from
 * the rows PostgreSQL returns (one per cell, with each dataset's part), and the refusal
 * of an answer larger than the hub returns at once.
 */

/** The refusal of an answer with more cells than the hub returns at once. */
export function tooManyCells(cells: number, max: number, groupBy: readonly GroupBy[]) {
  return badInput(
    `This answer would have ${cells.toLocaleString('en-GB')} cells (grouped by ${groupBy.join(' x ')}); the hub returns at most ${max.toLocaleString('en-GB')} in one answer (HUB_AGGREGATE_MAX_CELLS). Narrow it: a shorter period (from/to), a coarser grouping (WARD or LSOA instead of GRID_100M, QUARTER instead of MONTH), an area, dataset or category filter, or fewer groupings.`,
    { cells, maxCells: max },
  );
}

export interface TableCell {
  keys: (string | null)[];
  /** Position of each key in its sorted key list. */
  coords: number[];
  value: number;
  /** The part of each controlled dataset; undefined when none. */
  controlled?: Record<string, number>;
}

/** One cell as PostgreSQL gives it: keys k0..kN, the count, and each dataset's part. */
export type CellRow = { n: number; parts: Record<string, number> } & Record<string, unknown>;

/** The cells of an answer in key order, with each key's position along its grouping. */
export function tabulate(
  groupBy: readonly GroupBy[],
  rows: readonly CellRow[],
  controlled: ReadonlySet<string>,
): { keyLists: (string | null)[][]; cells: TableCell[] } {
  const n = groupBy.length;
  const names = groupBy.map((_, i) => `k${i}`);
  const distinct = names.map(() => new Set<string | null>());
  for (const r of rows) for (let i = 0; i < n; i++) distinct[i].add(r[names[i]] as string | null);
  const keyLists = groupBy.map((g, i) => [...distinct[i]].sort((a, b) => compareKeys(g, a, b)));
  const positions = keyLists.map((list) => new Map(list.map((k, j) => [k, j])));
  const cells = rows.map((r): TableCell => {
    const coords = names.map((k, i) => positions[i].get(r[k] as string | null)!);
    const cell: TableCell = { keys: coords.map((x, i) => keyLists[i][x]), coords, value: Number(r.n) };
    for (const ds in r.parts) if (controlled.has(ds)) (cell.controlled ??= {})[ds] = r.parts[ds];
    return cell;
  });
  cells.sort((a, b) => {
    for (let i = 0; i < n; i++) if (a.coords[i] !== b.coords[i]) return a.coords[i] - b.coords[i];
    return 0;
  });
  return { keyLists, cells };
}
