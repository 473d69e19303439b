import { CellOrder } from '../domain/api-enums.js';

/**
 * Which cells of a published table an answer sends: at least `minCount`, in an order,
 * at most `limit`. It works on published values only, after disclosure control has run on
 * the whole table: a suppressed cell has no value to compare, so a count threshold leaves
 * it out and an ordering by count puts it last; its true count never decides anything.
 * Margins and the total are not changed.
 */

export interface CellSelection {
  minCount?: number;
  orderBy?: CellOrder;
  limit?: number;
}

export const MAX_CELL_LIMIT = 100_000;

export function cellSelectionProblem(s: CellSelection): string | null {
  if (s.minCount !== undefined && (!Number.isInteger(s.minCount) || s.minCount < 0))
    return '`minCount` must be a whole number, 0 or more.';
  if (s.limit !== undefined && (!Number.isInteger(s.limit) || s.limit < 1 || s.limit > MAX_CELL_LIMIT))
    return `\`limit\` must be a whole number from 1 to ${MAX_CELL_LIMIT.toLocaleString('en-GB')}.`;
  return null;
}

export function selectCells<C extends { value: number | null; suppressed: boolean }>(
  cells: readonly C[],
  s: CellSelection,
): { cells: C[]; matched: number } {
  let out = s.minCount ? cells.filter((c) => !c.suppressed && c.value !== null && c.value >= s.minCount!) : [...cells];
  const matched = out.length;
  if (s.orderBy === CellOrder.COUNT_DESC || s.orderBy === CellOrder.COUNT_ASC) {
    const sign = s.orderBy === CellOrder.COUNT_DESC ? -1 : 1;
    // Stable: equal counts keep the table's order (by keys). Suppressed and empty cells last.
    out = out
      .map((c, i) => ({ c, i }))
      .sort((a, b) => {
        const av = a.c.suppressed ? null : a.c.value;
        const bv = b.c.suppressed ? null : b.c.value;
        if (av === null || bv === null) return av === bv ? a.i - b.i : av === null ? 1 : -1;
        return sign * (av - bv) || a.i - b.i;
      })
      .map((x) => x.c);
  }
  if (s.limit !== undefined) out = out.slice(0, s.limit);
  return { cells: out, matched };
}
