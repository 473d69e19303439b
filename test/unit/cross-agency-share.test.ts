import { describe, expect, it } from 'vitest';
import { unknownToPoliceShare } from '../../src/analytics/cross-agency.js';
import type { Point } from '../../src/analytics/point.js';

const p = (value: number | null): Point => ({ key: 'k', label: 'k', value, suppressed: value === null });
const rows = (pairs: [number | null, number | null][]) => pairs.map(([inj, ae]) => ({ inj: p(inj), ae: p(ae) }));

describe('crossAgency: the share of A&E assaults unknown to the police, over all areas', () => {
  it('sums what each area says, not the net difference of the totals', () => {
    // One ward with 2,162 attendances against 1,476 police injuries; others where the police record more.
    const r = rows([
      [1476, 2162],
      [1500, 1000],
      [831, 1016],
    ]);
    const total = { inj: p(3807), ae: p(4178) };
    // (686 + 0 + 185) / 4178, not (4178 - 3807) / 4178 = 8.9%.
    expect(unknownToPoliceShare(r, total)).toBe(Math.round((871 / 4178) * 1000) / 10);
    expect(unknownToPoliceShare(r, total)).toBeGreaterThan(16.4);
  });

  it('counts areas with a hidden figure only through the published totals, so the total cannot give a hidden figure back', () => {
    // Two areas with hidden figures (null): their true values are not passed in at all.
    const hidden = rows([
      [100, 150],
      [null, null],
      [30, null],
      [200, 120],
    ]);
    const total = { inj: p(350), ae: p(346) };
    // Shown areas: 50 + 0; the hidden areas together: A&E (346 - 150 - 120) less police (350 - 100 - 200).
    const rest = 346 - 150 - 120 - (350 - 100 - 200);
    expect(unknownToPoliceShare(hidden, total)).toBe(Math.round(((50 + Math.max(0, rest)) / 346) * 1000) / 10);
    // The hidden areas' own figures never enter: the share is the same whatever they are
    // (it is worked out from published points only), and with the totals hidden it rests on shown areas.
    expect(unknownToPoliceShare(hidden, { inj: p(null), ae: p(346) })).toBe(Math.round((50 / 346) * 1000) / 10);
  });

  it('uses only shown areas when a total is hidden, and gives nothing without a shown A&E total', () => {
    const r = rows([
      [10, 30],
      [null, 25],
    ]);
    expect(unknownToPoliceShare(r, { inj: p(null), ae: p(55) })).toBe(Math.round((20 / 55) * 1000) / 10);
    expect(unknownToPoliceShare(r, { inj: p(40), ae: p(null) })).toBeNull();
    expect(unknownToPoliceShare([], { inj: p(0), ae: p(0) })).toBeNull();
  });
});
