import { describe, expect, it } from 'vitest';
import { cellSelectionProblem, selectCells } from '../../src/analytics/cell-selection.js';
import { CellOrder } from '../../src/domain/api-enums.js';

const cell = (key: string, value: number | null) => ({ key, value, suppressed: value === null });
const cells = [cell('a', 5), cell('b', null), cell('c', 30), cell('d', 20), cell('e', 30)];

describe('picking the cells an answer sends', () => {
  it('keeps cells whose published count reaches minCount, never a suppressed one', () => {
    const r = selectCells(cells, { minCount: 20 });
    expect(r.cells.map((c) => c.key)).toEqual(['c', 'd', 'e']);
    expect(r.matched).toBe(3);
  });

  it('orders by published count with ties in table order and suppressed cells last, then limits', () => {
    expect(selectCells(cells, { orderBy: CellOrder.COUNT_DESC }).cells.map((c) => c.key)).toEqual([
      'c',
      'e',
      'd',
      'a',
      'b',
    ]);
    expect(selectCells(cells, { orderBy: CellOrder.COUNT_ASC }).cells.map((c) => c.key)).toEqual([
      'a',
      'd',
      'c',
      'e',
      'b',
    ]);
    const top = selectCells(cells, { orderBy: CellOrder.COUNT_DESC, limit: 2 });
    expect(top.cells.map((c) => c.key)).toEqual(['c', 'e']);
    expect(top.matched).toBe(5);
  });

  it('refuses a negative threshold and a limit out of range', () => {
    expect(cellSelectionProblem({ minCount: -1 })).toMatch(/minCount/);
    expect(cellSelectionProblem({ limit: 0 })).toMatch(/limit/);
    expect(cellSelectionProblem({ minCount: 0, limit: 10 })).toBeNull();
  });
});
