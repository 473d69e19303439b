import { describe, expect, it } from 'vitest';
import { networkAudit } from '../../src/analytics/disclosure-audit.js';
import { publishedEquations, type CellInput } from '../../src/analytics/disclosure-lattice.js';

/** The audit as first written: a search per hidden entry for a cycle through it. */
function referenceAudit(values: number[], ends: Map<number, [number, number]>, nodes: number, hidden: Set<number>) {
  const out: [number, number][][] = Array.from({ length: nodes }, () => []);
  for (const id of hidden) {
    const [u, w] = ends.get(id)!;
    out[u].push([w, id]);
    if (values[id] >= 2) out[w].push([u, id]);
  }
  const reaches = (from: number, to: number, skip: number) => {
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length) {
      const x = stack.pop()!;
      if (x === to) return true;
      for (const [y, id] of out[x]) {
        if (id === skip || seen.has(y)) continue;
        seen.add(y);
        stack.push(y);
      }
    }
    return false;
  };
  const exposed = new Set<number>();
  for (const id of hidden) {
    const [u, w] = ends.get(id)!;
    if (reaches(w, u, id) || (values[id] >= 2 && reaches(u, w, id))) continue;
    exposed.add(id);
  }
  return exposed;
}

describe('the network audit of one- and two-way tables', () => {
  it('finds exactly the hidden entries a search per entry finds, on random tables and hidden sets', () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 400; trial++) {
      const shape = rnd() < 0.2 ? [2 + Math.floor(rnd() * 8)] : [2 + Math.floor(rnd() * 7), 2 + Math.floor(rnd() * 7)];
      const cells: CellInput[] = [];
      const coordsList = shape.length === 1 ? [...Array(shape[0]).keys()].map((i) => [i]) : [];
      if (shape.length === 2)
        for (let r = 0; r < shape[0]; r++) for (let c = 0; c < shape[1]; c++) coordsList.push([r, c]);
      for (const coords of coordsList) if (rnd() < 0.75) cells.push({ coords, value: 1 + Math.floor(rnd() * 4) });
      const eq = publishedEquations(shape, cells);
      const values = cells.map((c) => c.value);
      for (const ids of eq.marginIds) for (const _ of ids) values.push(0);
      values.push(0);
      const ends = new Map<number, [number, number]>();
      if (shape.length === 1) {
        cells.forEach((_, i) => ends.set(i, [0, 1]));
        ends.set(eq.totalId, [1, 0]);
        values[eq.totalId] = cells.reduce((s, c) => s + c.value, 0);
      } else {
        const [R, C] = shape;
        cells.forEach((c, i) => ends.set(i, [c.coords[0], R + c.coords[1]]));
        eq.marginIds[0].forEach((id, r) => ends.set(id, [R + C, r]));
        eq.marginIds[1].forEach((id, c) => ends.set(id, [R + c, R + C + 1]));
        ends.set(eq.totalId, [R + C + 1, R + C]);
        for (const g of eq.groups) values[g.total] = g.members.reduce((s, m) => s + values[m], 0);
      }
      const nodes = shape.length === 1 ? 2 : shape[0] + shape[1] + 2;
      const hidden = new Set([...ends.keys()].filter(() => rnd() < 0.45));
      const lat = {
        values,
        cellCount: eq.cellCount,
        marginIds: eq.marginIds,
        totalId: eq.totalId,
        coords: cells.map((c) => [...c.coords]),
      };
      const got = networkAudit(lat, shape, (id) => hidden.has(id));
      expect(
        [...got].sort((a, b) => a - b),
        `trial ${trial}`,
      ).toEqual([...referenceAudit(values, ends, nodes, hidden)].sort((a, b) => a - b));
    }
  });
});
