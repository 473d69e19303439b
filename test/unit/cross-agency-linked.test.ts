import { describe, expect, it } from 'vitest';
import { hideSmallDifferences } from '../../src/analytics/cross-agency.js';
import type { Point } from '../../src/analytics/point.js';

const p = (value: number | null): Point => ({ key: 'k', label: 'k', value, suppressed: value === null });
const rows = (pairs: [number | null, number | null][]) => pairs.map(([all, inj]) => ({ all: p(all), inj: p(inj) }));
const shown = (r: { inj: Point }[]) => r.map((x) => x.inj.value);

describe('crossAgency: violence with and without injury published together', () => {
  it('hides the injury figure where violence without injury is a small count, and one more so the total cannot give it back', () => {
    const r = rows([
      [40, 37], // 3 without injury: hidden
      [50, 20],
      [30, 12],
    ]);
    const total = { all: p(120), inj: p(69) };
    expect(hideSmallDifferences(r, total, 10)).toBe(2);
    expect(shown(r)).toEqual([null, 20, null]);
    expect(total.inj.value).toBe(69);
    // Nothing left to subtract: 69 - 20 = 49 is the sum of two hidden figures.
  });

  it('leaves everything shown when no difference is small, or nothing is under control', () => {
    const r = rows([
      [40, 20],
      [50, 50], // none without injury: a 0 is not a small count
    ]);
    expect(hideSmallDifferences(r, { all: p(90), inj: p(70) }, 10)).toBe(0);
    const own = rows([[40, 37]]);
    expect(hideSmallDifferences(own, { all: p(40), inj: p(37) }, 0)).toBe(0);
    expect(shown(own)).toEqual([37]);
  });

  it('adds nothing when the column already hides two or more', () => {
    const r = rows([
      [40, 37],
      [50, null],
      [30, 12],
    ]);
    expect(hideSmallDifferences(r, { all: p(120), inj: p(69) }, 10)).toBe(1);
    expect(shown(r)).toEqual([null, null, 12]);
  });

  it('hides the whole injury column when the difference over all areas is small', () => {
    const r = rows([
      [40, 38],
      [50, 49],
    ]);
    const total = { all: p(90), inj: p(87) };
    expect(hideSmallDifferences(r, total, 10)).toBe(3);
    expect([...shown(r), total.inj.value]).toEqual([null, null, null]);
  });
});
