import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearlyDetermined } from '../../src/analytics/disclosure-audit.js';
import { publishedEquations, type CellInput } from '../../src/analytics/disclosure-lattice.js';
import { isPrimarySensitive, protectTable, roundCount, type ProtectedTable } from '../../src/analytics/disclosure.js';

const P = 'partner';
const T10 = { [P]: 10 };

/** A 2-D table of partner-only counts, row-major. */
function grid(rows: number[][], source = P): CellInput[] {
  const cells: CellInput[] = [];
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v > 0) cells.push({ coords: [r, c], value: v, controlled: { [source]: v } });
    }),
  );
  return cells;
}

/**
 * The attacker: knows every published value and every published equation (cells sum to
 * their margins, margins to the total), that hidden values are whole numbers of at
 * least 1 (zeros are shown) and at most the grand total. For each hidden entry it
 * looks for any consistent assignment that gives it another value; finding none, it
 * has recovered the value. Brute force with propagation: small tables only.
 */
function recoverable(shape: number[], cells: CellInput[], out: ProtectedTable): number[] {
  const eq = publishedEquations(shape, cells);
  const truth: number[] = [];
  const published: (number | null)[] = [];
  cells.forEach((c, i) => {
    truth[i] = c.value;
    published[i] = out.cells[i].value;
  });
  eq.marginIds.forEach((ids, d) =>
    ids.forEach((id, i) => {
      truth[id] = cells.filter((c) => c.coords[d] === i).reduce((s, c) => s + c.value, 0);
      published[id] = out.margins[d][i].value;
    }),
  );
  truth[eq.totalId] = cells.reduce((s, c) => s + c.value, 0);
  published[eq.totalId] = out.total.value;
  const hidden = published.map((v, id) => (v === null ? id : -1)).filter((id) => id >= 0);
  // The published total bounds every entry; without it the attacker has no upper bound
  // (a generous one keeps the search finite).
  const bound = published[eq.totalId] ?? truth[eq.totalId] + 25;
  const equations = eq.groups.map((g) => [...g.members.map((m) => [m, 1] as const), [g.total, -1] as const]);

  function feasible(assign: Map<number, number>): boolean {
    // Propagate forced values, then branch on the first unassigned hidden entry.
    const a = new Map(assign);
    for (let changed = true; changed;) {
      changed = false;
      for (const e of equations) {
        let sum = 0;
        let open: (readonly [number, number])[] = [];
        for (const [id, coef] of e) {
          const v = published[id] ?? a.get(id);
          if (v === undefined) open.push([id, coef]);
          else sum += coef * v;
        }
        if (open.length === 0 && sum !== 0) return false;
        if (open.length === 1) {
          const [id, coef] = open[0];
          const v = -sum / coef;
          if (!Number.isInteger(v) || v < 1 || v > bound) return false;
          a.set(id, v);
          changed = true;
        }
        open = [];
      }
    }
    const next = hidden.find((id) => !a.has(id));
    if (next === undefined) return true;
    for (let v = 1; v <= bound; v++) {
      a.set(next, v);
      if (feasible(a)) return true;
      a.delete(next);
    }
    return false;
  }

  return hidden.filter((id) => {
    for (let v = 1; v <= bound; v++) if (v !== truth[id] && feasible(new Map([[id, v]]))) return false;
    return true;
  });
}

describe('primary suppression', () => {
  it('suppresses a partner count below the minimum cell size and shows one at it', () => {
    const out = protectTable({
      shape: [3],
      cells: [
        { coords: [0], value: 9, controlled: { [P]: 9 } },
        { coords: [1], value: 10, controlled: { [P]: 10 } },
        { coords: [2], value: 40, controlled: { [P]: 40 } },
      ],
      thresholds: T10,
    });
    expect(out.cells[0]).toEqual({ value: null, suppressed: true });
    expect(out.reasons.get('cell:0')).toBe('PRIMARY');
    // The 10 is hidden only as the complement that protects the 9.
    expect(out.reasons.get('cell:1')).toBe('SECONDARY');
    const alone = protectTable({
      shape: [2],
      cells: [
        { coords: [0], value: 10, controlled: { [P]: 10 } },
        { coords: [1], value: 40, controlled: { [P]: 40 } },
      ],
      thresholds: T10,
    });
    expect(alone.cells[0]).toEqual({ value: 10, suppressed: false });
  });

  it('marks a suppressed cell as suppressed and never returns it as zero', () => {
    const out = protectTable({
      shape: [2],
      cells: [
        { coords: [0], value: 1, controlled: { [P]: 1 } },
        { coords: [1], value: 3, controlled: { [P]: 3 } },
      ],
      thresholds: T10,
    });
    for (const c of out.cells) {
      expect(c.suppressed).toBe(true);
      expect(c.value).toBeNull();
    }
    expect(out.total).toEqual({ value: null, suppressed: true });
  });

  it('shows zeros as zeros', () => {
    const out = protectTable({
      shape: [2],
      cells: [
        { coords: [0], value: 0, controlled: { [P]: 0 } },
        { coords: [1], value: 25, controlled: { [P]: 25 } },
      ],
      thresholds: T10,
    });
    expect(out.cells[0]).toEqual({ value: 0, suppressed: false });
    expect(out.suppressed).toBe(0);
  });

  it("does not control the caller's own data, however small", () => {
    const out = protectTable({
      shape: [2],
      cells: [
        { coords: [0], value: 2 },
        { coords: [1], value: 30 },
      ],
      thresholds: {},
    });
    expect(out.cells.map((c) => c.value)).toEqual([2, 30]);
    expect(out.suppressed).toBe(0);
  });

  it("does not let own records hide a partner's small count in the same cell", () => {
    // The caller knows its own 50, so 53 would reveal the partner's 3.
    const out = protectTable({
      shape: [2],
      cells: [
        { coords: [0], value: 53, controlled: { [P]: 3 } },
        { coords: [1], value: 80, controlled: { [P]: 40 } },
      ],
      thresholds: T10,
    });
    expect(out.cells[0].suppressed).toBe(true);
  });

  it('checks each partner against its own threshold, not their sum', () => {
    // 4 + 20 = 24 is above both thresholds, but asking for hospital data alone would show the 4.
    const parts = new Map([
      ['hospital', 4],
      ['police', 20],
    ]);
    expect(isPrimarySensitive(parts, { hospital: 10, police: 3 })).toBe(true);
    expect(
      isPrimarySensitive(
        new Map([
          ['hospital', 12],
          ['police', 2],
        ]),
        { hospital: 10, police: 3 },
      ),
    ).toBe(true);
    expect(
      isPrimarySensitive(
        new Map([
          ['hospital', 12],
          ['police', 3],
        ]),
        { hospital: 10, police: 3 },
      ),
    ).toBe(false);
  });

  it('refuses a controlled source without a threshold rather than guessing one', () => {
    expect(() =>
      protectTable({ shape: [1], cells: [{ coords: [0], value: 3, controlled: { other: 3 } }], thresholds: T10 }),
    ).toThrow(/No threshold/);
  });
});

describe('secondary suppression', () => {
  it('hides a second cell when a total would give away the only hidden one (1-D)', () => {
    const cells: CellInput[] = [12, 4, 30, 15].map((v, i) => ({ coords: [i], value: v, controlled: { [P]: v } }));
    const out = protectTable({ shape: [4], cells, thresholds: T10 });
    expect(out.total.value).toBe(61);
    expect(out.cells[1].suppressed).toBe(true);
    // The smallest other cell is the complement: least information lost.
    expect(out.cells[0].suppressed).toBe(true);
    expect(out.reasons.get('cell:0')).toBe('SECONDARY');
    // Subtraction gives only the sum of the two hidden cells.
    expect(61 - 30 - 15).toBe(16);
    expect(recoverable([4], cells, out)).toEqual([]);
  });

  it('protects a 2-D table with margins against recovery by rows, columns and the total', () => {
    const rows = [
      [20, 3, 15, 40],
      [25, 30, 12, 18],
      [11, 22, 35, 14],
    ];
    const cells = grid(rows);
    const out = protectTable({ shape: [3, 4], cells, thresholds: T10 });
    expect(out.primary).toBe(1);
    expect(out.secondary).toBeGreaterThanOrEqual(3);
    // Every row and column with a hidden cell has at least two.
    for (let r = 0; r < 3; r++) {
      const hiddenInRow = cells.filter((c, i) => c.coords[0] === r && out.cells[i].suppressed).length;
      expect([0, 2, 3, 4]).toContain(hiddenInRow);
    }
    expect(recoverable([3, 4], cells, out)).toEqual([]);
  });

  it('hides a margin when the total would give it away', () => {
    // Row 1 is all small: its margin is small too, and the grand total minus the other row margins would reveal it.
    const rows = [
      [30, 40],
      [2, 3],
      [25, 50],
    ];
    const cells = grid(rows);
    const out = protectTable({ shape: [3, 2], cells, thresholds: T10 });
    expect(out.margins[0][1].suppressed).toBe(true);
    expect(out.margins[0].filter((m) => m.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(recoverable([3, 2], cells, out)).toEqual([]);
  });

  it('does not let a hidden pair of ones be pinned by its total', () => {
    // Threshold 3: the two 1s are hidden, the 5 and the total 7 are not. Each hidden
    // value is at least 1 and together they are 7 - 5 = 2, so both would be 1.
    const cells: CellInput[] = [1, 1, 5].map((v, i) => ({ coords: [i], value: v, controlled: { [P]: v } }));
    const out = protectTable({ shape: [3], cells, thresholds: { [P]: 3 } });
    expect(out.cells[2].suppressed).toBe(true);
    expect(recoverable([3], cells, out)).toEqual([]);
  });

  it('finds a hidden cell that joins two closed patterns (a bridge) and is given away by the totals', () => {
    // Unknowns as edges row-column: two 2x2 cycles, and (r1,c2) joining them. Each row
    // and column has at least two hidden cells, yet the bridge is determined.
    const shape = [4, 4];
    const hiddenAt = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 2],
      [2, 3],
      [3, 2],
      [3, 3],
      [1, 2],
    ];
    const cells: CellInput[] = [];
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) cells.push({ coords: [r, c], value: 20 });
    const eq = publishedEquations(shape, cells);
    const hiddenIds = new Set(hiddenAt.map(([r, c]) => r * 4 + c));
    const determined = linearlyDetermined(eq.groups, (id) => hiddenIds.has(id));
    expect([...determined]).toEqual([1 * 4 + 2]);
  });

  it('closes a bridge left by the row-and-column rule', () => {
    // Primary cells on the two cycles and the bridge; the rest large.
    const rows = [
      [3, 4, 50, 60],
      [5, 6, 2, 70],
      [80, 90, 7, 8],
      [55, 65, 9, 4],
    ];
    const cells = grid(rows);
    const out = protectTable({ shape: [4, 4], cells, thresholds: T10 });
    expect(out.primary).toBeGreaterThanOrEqual(9);
    expect(recoverable([4, 4], cells, out)).toEqual([]);
  });

  it('leaves a table without controlled data untouched', () => {
    const out = protectTable({
      shape: [2, 2],
      cells: [
        { coords: [0, 0], value: 1 },
        { coords: [1, 1], value: 2 },
      ],
      thresholds: {},
    });
    expect(out.suppressed).toBe(0);
    expect(out.margins[0].map((m) => m.value)).toEqual([1, 2]);
    expect(out.total.value).toBe(3);
  });

  it("protects a mixed table where own data sits beside a partner's", () => {
    // Column 0 is the caller's own dataset, column 1 a partner's (threshold 5).
    const rows = [
      [12, 3],
      [7, 40],
      [1, 22],
    ];
    const cells: CellInput[] = [];
    rows.forEach((row, r) => {
      cells.push({ coords: [r, 0], value: row[0] });
      cells.push({ coords: [r, 1], value: row[1], controlled: { [P]: row[1] } });
    });
    const out = protectTable({ shape: [3, 2], cells, thresholds: { [P]: 5 } });
    expect(out.cells[1].suppressed).toBe(true);
    expect(recoverable([3, 2], cells, out)).toEqual([]);
    // Own cells are not primary-suppressed, whatever their size.
    expect(out.reasons.get('cell:4')).not.toBe('PRIMARY');
  });

  it('never lets an attacker recover a hidden value in random small tables (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 14 }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 2, max: 6 }),
        (nr, nc, values, threshold) => {
          const rows = Array.from({ length: nr }, (_, r) => values.slice(r * nc, r * nc + nc));
          const cells = grid(rows);
          const shape = nc === 1 ? [nr] : [nr, nc];
          const shaped = nc === 1 ? cells.map((c) => ({ ...c, coords: [c.coords[0]] })) : cells;
          const out = protectTable({ shape, cells: shaped, thresholds: { [P]: threshold } });
          for (const c of out.cells) if (c.suppressed) expect(c.value).toBeNull();
          expect(recoverable(shape, shaped, out)).toEqual([]);
        },
      ),
      { numRuns: 200, seed: 20261122 },
    );
  });

  it('protects three-way tables through their one-way margins (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 8, maxLength: 8 }), (values) => {
        const cells: CellInput[] = [];
        values.forEach((v, i) => {
          if (v > 0) cells.push({ coords: [i & 1, (i >> 1) & 1, (i >> 2) & 1], value: v, controlled: { [P]: v } });
        });
        const out = protectTable({ shape: [2, 2, 2], cells, thresholds: { [P]: 5 } });
        expect(recoverable([2, 2, 2], cells, out)).toEqual([]);
      }),
      { numRuns: 80, seed: 7 },
    );
  });
});

describe('large tables', () => {
  it('protects an LSOA x month table with thousands of small cells in well under a second, hiding few extra', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cells: CellInput[] = [];
    for (let r = 0; r < 60; r++)
      for (let c = 0; c < 48; c++) {
        const v = rnd() < 0.4 ? 1 + Math.floor(rnd() * 9) : 10 + Math.floor(rnd() * 60);
        cells.push({ coords: [r, c], value: v, controlled: { [P]: v } });
      }
    const t0 = performance.now();
    const out = protectTable({ shape: [60, 48], cells, thresholds: T10 });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(out.primary).toBeGreaterThan(1000);
    expect(out.secondary).toBeLessThan(50);
  });
});

describe('rounding', () => {
  it('rounds shown values to the base, half up, keeping zero and never rounding a count to zero', () => {
    expect([0, 1, 2, 3, 7, 8, 12, 13].map((v) => roundCount(v, 5))).toEqual([0, 5, 5, 5, 5, 10, 10, 15]);
    expect(roundCount(13, undefined)).toBe(13);
    expect(roundCount(13, 1)).toBe(13);
  });

  it('rounds cells, margins and total, and leaves suppressed cells null', () => {
    const cells: CellInput[] = [12, 4, 33, 16].map((v, i) => ({ coords: [i], value: v, controlled: { [P]: v } }));
    const out = protectTable({ shape: [4], cells, thresholds: T10, rounding: 5 });
    expect(out.cells.map((c) => c.value)).toEqual([null, null, 35, 15]);
    expect(out.total.value).toBe(65);
  });
});

describe('London month starts', () => {
  it('knows which instants are midnight on the first of a month in London', async () => {
    const { isLondonMonthStart } = await import('../../src/analytics/aggregate.service.js');
    expect(isLondonMonthStart(new Date('2025-01-01T00:00:00Z'))).toBe(true);
    expect(isLondonMonthStart(new Date('2025-04-01T00:00:00+01:00'))).toBe(true);
    expect(isLondonMonthStart(new Date('2025-04-01T00:00:00Z'))).toBe(false);
    expect(isLondonMonthStart(new Date('2025-01-15T00:00:00Z'))).toBe(false);
  });
});
