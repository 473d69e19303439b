/**
 * The audits of an answer under disclosure control: which hidden entries the published
 * cells, margins and total give away, exactly (linear algebra) or through the bound every
 * hidden value has (it is at least 1). The general audit works on any table; the network
 * audit is exact, and fast, for one- and two-way tables.
 */

import type { Group, Lattice } from './disclosure-lattice.js';
import { bridges, strongComponents } from './network.js';

/**
 * Unknowns (suppressed entries) that the published totals determine exactly. Each
 * group is an equation: sum(members) = total, known entries moved to the right-hand
 * side. An unknown is determined exactly when it is a pivot of the reduced row echelon
 * form whose row has no free column: then every solution gives it the same value.
 */
export function linearlyDetermined(groups: readonly Group[], suppressed: (id: number) => boolean): Set<number> {
  return audit(groups, suppressed).determined;
}

/**
 * The audit of one answer. `determined`: hidden values the published equations fix
 * exactly. `pinned`: hidden values for which no other whole-number solution with every
 * hidden value at least 1 could be found near the true one, given `truth` (the real
 * values). A hidden value counts as safe only with such a certificate: another
 * assignment the attacker cannot tell apart from the truth that gives it another value.
 * The search tries each basis vector of the solution space (scaled to whole numbers)
 * in both directions; failing to find one is treated as a risk, so the audit errs
 * towards hiding more.
 */
export function audit(
  groups: readonly Group[],
  suppressed: (id: number) => boolean,
  truth?: readonly number[],
): { determined: Set<number>; pinned: Set<number> } {
  const determined = new Set<number>();
  const pinned = new Set<number>();
  for (const comp of independentSystems(groups, suppressed)) {
    const { cols, m, pivotCols } = reducedRowEchelon(comp);
    const isPivot = new Set(pivotCols);
    pivotCols.forEach((c, row) => {
      let free = false;
      for (let j = 0; j < cols.length && !free; j++) if (!isPivot.has(j) && Math.abs(m[row][j]) > EPS) free = true;
      if (!free) determined.add(cols[c]);
    });
    if (!truth) continue;
    const at = cols.map((u) => truth[u]);
    const feasibleMoves = wholeMoves(cols.length, m, pivotCols).filter((mv) => mv.every((d, j) => at[j] + d >= 1));
    cols.forEach((u, j) => {
      if (determined.has(u)) return;
      if (!feasibleMoves.some((mv) => mv[j] !== 0)) pinned.add(u);
    });
  }
  return { determined, pinned };
}

const EPS = 1e-9;

/** One published equation over hidden entries: each unknown with its coefficient (+1 a member, -1 the total). */
interface Equation {
  unknowns: (readonly [number, number])[];
}

/** A set of equations sharing no unknown with any other. */
interface System {
  eqs: Equation[];
  unknowns: Set<number>;
}

/**
 * The equations with hidden entries (known entries moved to the right-hand side), split
 * into independent systems: those linked by a shared unknown, found by union-find.
 */
function independentSystems(groups: readonly Group[], suppressed: (id: number) => boolean): Iterable<System> {
  const eqs: Equation[] = groups
    .map((g) => ({
      unknowns: [
        ...g.members.filter(suppressed).map((m) => [m, 1] as const),
        ...(suppressed(g.total) ? [[g.total, -1] as const] : []),
      ],
    }))
    .filter((e) => e.unknowns.length > 0);
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const e of eqs) for (const [u] of e.unknowns) if (!parent.has(u)) parent.set(u, u);
  for (const e of eqs) {
    const first = find(e.unknowns[0][0]);
    for (const [u] of e.unknowns) {
      const r = find(u);
      if (r !== first) parent.set(r, first);
    }
  }
  const systems = new Map<number, System>();
  for (const e of eqs) {
    const root = find(e.unknowns[0][0]);
    let comp = systems.get(root);
    if (!comp) systems.set(root, (comp = { eqs: [], unknowns: new Set() }));
    comp.eqs.push(e);
    for (const [u] of e.unknowns) comp.unknowns.add(u);
  }
  return systems.values();
}

/** A system's matrix in reduced row echelon form: its unknowns by column, and the pivot column of each row. */
function reducedRowEchelon(comp: System): { cols: number[]; m: Float64Array[]; pivotCols: number[] } {
  const cols = [...comp.unknowns];
  const colOf = new Map(cols.map((u, i) => [u, i]));
  const m = comp.eqs.map((e) => {
    const row = new Float64Array(cols.length);
    for (const [u, coef] of e.unknowns) row[colOf.get(u)!] += coef;
    return row;
  });
  const pivotCols: number[] = [];
  let r = 0;
  for (let c = 0; c < cols.length && r < m.length; c++) {
    let best = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i][c]) > Math.abs(m[best][c])) best = i;
    if (Math.abs(m[best][c]) < EPS) continue;
    [m[r], m[best]] = [m[best], m[r]];
    const pivot = m[r][c];
    for (let j = c; j < cols.length; j++) m[r][j] /= pivot;
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i][c];
      if (Math.abs(f) < EPS) continue;
      for (let j = c; j < cols.length; j++) m[i][j] -= f * m[r][j];
    }
    pivotCols.push(c);
    r++;
  }
  return { cols, m, pivotCols };
}

/**
 * Changes to the hidden values that keep every published equation true: the null-space
 * basis (one vector per free column, scaled to whole numbers) in both directions, and,
 * while the basis is small, sums and differences of two basis vectors.
 */
function wholeMoves(width: number, m: Float64Array[], pivotCols: number[]): Float64Array[] {
  const isPivot = new Set(pivotCols);
  const free = Array.from({ length: width }, (_, j) => j).filter((j) => !isPivot.has(j));
  const moves: Float64Array[] = [];
  for (const f of free) {
    const v = new Float64Array(width);
    v[f] = 1;
    pivotCols.forEach((c, row) => (v[c] = -m[row][f]));
    let scaled: Float64Array | undefined;
    for (let k = 1; k <= 12 && !scaled; k++) {
      if (v.every((x) => Math.abs(x * k - Math.round(x * k)) < 1e-6)) scaled = v.map((x) => Math.round(x * k));
    }
    if (scaled)
      moves.push(
        scaled,
        scaled.map((x) => -x),
      );
  }
  // Sums and differences of two basis vectors reach alternatives that single ones
  // miss (e.g. moving 1 between two hidden cells of a row while a third stays put).
  const basis = moves.length;
  if (basis <= 2 * 48) {
    for (let a = 0; a < basis; a += 2) {
      for (let b = a + 2; b < basis; b += 2) {
        const plus = moves[a].map((x, j) => x + moves[b][j]);
        const minus = moves[a].map((x, j) => x - moves[b][j]);
        moves.push(
          plus,
          plus.map((x) => -x),
          minus,
          minus.map((x) => -x),
        );
      }
    }
  }
  return moves;
}

/**
 * The exact audit of a one- or two-way table. Its published equations are the flow
 * conservation of a network: rows and columns are nodes, a cell (r, c) is an edge from
 * r to c, a row total an edge into its row from a "row totals" node, a column total an
 * edge from its column to a "column totals" node, and the grand total an edge between
 * those two (for one-way tables, cells run from A to B and the total back). Any other
 * table consistent with what is published differs from the true one by a circulation
 * over hidden entries, and that circulation splits into simple cycles along which each
 * hidden value rises by 1 or, where it is 2 or more, falls by 1 (staying at least 1).
 * So a hidden entry can take another value exactly when such a cycle passes through it:
 * a path back from its head to its tail, or (when it is 2 or more) from its tail to its
 * head, in the residual network without its own edges. Entries with no such path are
 * given away, by the totals alone or by the totals and the bounds.
 */
export function networkAudit(
  lat: Pick<Lattice, 'values' | 'cellCount' | 'marginIds' | 'totalId' | 'coords'>,
  shape: readonly number[],
  hidden: (id: number) => boolean,
): Set<number> {
  const cellsCoords = lat.coords;
  const ends = new Map<number, [number, number]>();
  if (shape.length <= 1) {
    for (let c = 0; c < lat.cellCount; c++) ends.set(c, [0, 1]);
    ends.set(lat.totalId, [1, 0]);
  } else {
    const [R, C] = shape;
    const rowTotals = R + C;
    const colTotals = R + C + 1;
    for (let c = 0; c < lat.cellCount; c++) ends.set(c, [cellsCoords[c][0], R + cellsCoords[c][1]]);
    lat.marginIds[0].forEach((id, r) => ends.set(id, [rowTotals, r]));
    lat.marginIds[1].forEach((id, c) => ends.set(id, [R + c, colTotals]));
    ends.set(lat.totalId, [colTotals, rowTotals]);
  }
  const nodes = shape.length <= 1 ? 2 : shape[0] + shape[1] + 2;
  // Residual edges: (to, entry) per node.
  const out: [number, number][][] = Array.from({ length: nodes }, () => []);
  const hiddenIds: number[] = [];
  for (const [id, [u, w]] of ends) {
    if (!hidden(id)) continue;
    hiddenIds.push(id);
    out[u].push([w, id]);
    if (lat.values[id] >= 2) out[w].push([u, id]);
  }
  const seen = new Int32Array(nodes).fill(-1);
  let stamp = 0;
  const reaches = (from: number, to: number, skip: number): boolean => {
    stamp++;
    const stack = [from];
    seen[from] = stamp;
    while (stack.length) {
      const x = stack.pop()!;
      if (x === to) return true;
      for (const [y, id] of out[x]) {
        if (id === skip || seen[y] === stamp) continue;
        seen[y] = stamp;
        stack.push(y);
      }
    }
    return false;
  };
  // The same test, in linear time for all but a few entries. A one-way entry (a hidden 1)
  // is on a cycle exactly when its ends are in one strongly connected component (a path
  // back that used the entry itself would pass its tail first). A two-way entry (2 or
  // more) is on one when another two-way path joins its ends (it is no bridge among the
  // two-way entries), or when its ends stay strongly connected without any such bridge;
  // only the bridges left are searched one by one, as before.
  const component = strongComponents(nodes, out);
  const twoWay = hiddenIds.filter((id) => lat.values[id] >= 2);
  const twoWayBridges = bridges(
    nodes,
    twoWay.map((id) => [...ends.get(id)!, id] as const),
  );
  let withoutBridges: Int32Array | undefined;
  const exposed = new Set<number>();
  for (const id of hiddenIds) {
    const [u, w] = ends.get(id)!;
    if (lat.values[id] < 2) {
      if (component[u] !== component[w]) exposed.add(id);
      continue;
    }
    if (!twoWayBridges.has(id)) continue;
    withoutBridges ??= strongComponents(nodes, out, (e) => twoWayBridges.has(e));
    if (withoutBridges[u] === withoutBridges[w]) continue;
    if (reaches(w, u, id) || reaches(u, w, id)) continue;
    exposed.add(id);
  }
  return exposed;
}
