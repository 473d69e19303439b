/**
 * Statistical disclosure control for count tables: primary suppression, secondary
 * (complementary) suppression audited by linear algebra, and optional rounding.
 *
 * Pure: no I/O, no clock. The aggregate service builds a table of counts, says which
 * part of each count comes from data the caller may see only in aggregate (by source,
 * with that source's minimum cell size), and publishes what this returns.
 *
 * The model. A table has N dimensions. Besides its cells, an answer publishes a grand
 * total and, for N >= 2, the one-way margins (the total of each row, each column...).
 * Every published total is one linear equation over the cells it sums. A suppressed
 * value is "recoverable" when those equations determine it exactly, or when they pin it
 * through the bound every suppressed value has (it is at least 1, because zeros are
 * shown as zeros). The audit below checks both for this one answer.
 *
 * What a cell's threshold is compared with: the count each controlled source adds to
 * it, never the whole cell. The caller knows its own data, so own records in a cell
 * cannot hide a partner's small count: (own 50 + partner 3) is suppressed, since the
 * caller would subtract its own 50. Each source is checked against its own threshold,
 * because the caller may also ask for each source on its own.
 */

import { bridges, strongComponents } from './network.js';

/** One cell of a count table. */
export interface CellInput {
  /** Index along each dimension (length N; empty for a single count). */
  coords: readonly number[];
  /** The whole count, as the caller would see it. */
  value: number;
  /**
   * The part of `value` from each source under disclosure control (a partner's dataset
   * the caller may see only in aggregate), by source id. Uncontrolled parts (own data,
   * data the caller could list record by record) are left out.
   */
  controlled?: Readonly<Record<string, number>>;
}

export interface TableInput {
  /** Number of positions along each dimension. */
  shape: readonly number[];
  cells: readonly CellInput[];
  /** Minimum cell size of each controlled source: a part in 1..threshold-1 is suppressed. */
  thresholds: Readonly<Record<string, number>>;
  /** Round every shown value to a multiple of this base (e.g. 5); undefined, 0 or 1 for none. */
  rounding?: number;
}

/** A value as published: a suppressed value is null and marked, never 0. */
export interface Published {
  value: number | null;
  suppressed: boolean;
}

export type SuppressionReason = 'PRIMARY' | 'SECONDARY';

export interface ProtectedTable {
  /** In the order of the input cells. */
  cells: Published[];
  /** One-way margins for N >= 2: margins[d][i] is the total over position i of dimension d. Empty for N < 2. */
  margins: Published[][];
  total: Published;
  /** Suppressed entries (cells, margins and total). */
  suppressed: number;
  primary: number;
  secondary: number;
  /**
   * Why each suppressed entry is suppressed, for tests and the audit trail only: the
   * reason must not be published, since "secondary" tells an attacker the value is not small.
   */
  reasons: Map<string, SuppressionReason>;
}

type State = 0 | 1 | 2; // shown, primary, secondary
const SHOWN = 0;
const PRIMARY = 1;
const SECONDARY = 2;

interface Group {
  members: number[];
  total: number;
}

/** The entries of a table (cells, margins, total) and the equations that published totals make. */
interface Lattice {
  values: number[];
  /** Coordinates of each cell. */
  coords: number[][];
  parts: Map<string, number>[];
  groups: Group[];
  /** Groups each entry belongs to. */
  groupsOf: number[][];
  cellCount: number;
  /** Entry id of margins[d][i]. */
  marginIds: number[][];
  totalId: number;
}

function addParts(
  into: Map<string, number>,
  parts: Readonly<Record<string, number>> | Map<string, number> | undefined,
): void {
  if (!parts) return;
  const entries = parts instanceof Map ? parts.entries() : Object.entries(parts);
  for (const [k, v] of entries) if (v) into.set(k, (into.get(k) ?? 0) + v);
}

function buildLattice(input: TableInput): Lattice {
  const n = input.shape.length;
  const values: number[] = [];
  const parts: Map<string, number>[] = [];
  for (const c of input.cells) {
    if (c.coords.length !== n)
      throw new Error(`A cell has ${c.coords.length} coordinates; the table has ${n} dimensions.`);
    c.coords.forEach((x, d) => {
      if (!Number.isInteger(x) || x < 0 || x >= input.shape[d])
        throw new Error(`Cell coordinate ${x} is outside dimension ${d} (size ${input.shape[d]}).`);
    });
    if (!Number.isInteger(c.value) || c.value < 0)
      throw new Error(`Counts must be whole and non-negative, got ${c.value}.`);
    values.push(c.value);
    const p = new Map<string, number>();
    addParts(p, c.controlled);
    parts.push(p);
  }
  const cellCount = values.length;
  const groups: Group[] = [];
  const marginIds: number[][] = [];
  const newEntry = (): number => {
    values.push(0);
    parts.push(new Map());
    return values.length - 1;
  };
  if (n >= 2) {
    for (let d = 0; d < n; d++) {
      const ids: number[] = [];
      const members: number[][] = [];
      for (let i = 0; i < input.shape[d]; i++) {
        ids.push(newEntry());
        members.push([]);
      }
      for (let c = 0; c < cellCount; c++) members[input.cells[c].coords[d]].push(c);
      for (let i = 0; i < input.shape[d]; i++) {
        const id = ids[i];
        for (const c of members[i]) {
          values[id] += values[c];
          addParts(parts[id], parts[c]);
        }
        groups.push({ members: members[i], total: id });
      }
      marginIds.push(ids);
    }
  }
  const totalId = newEntry();
  for (let c = 0; c < cellCount; c++) {
    values[totalId] += values[c];
    addParts(parts[totalId], parts[c]);
  }
  if (n >= 2) for (const ids of marginIds) groups.push({ members: ids, total: totalId });
  else groups.push({ members: Array.from({ length: cellCount }, (_, i) => i), total: totalId });

  const groupsOf: number[][] = values.map(() => []);
  groups.forEach((g, gi) => {
    for (const m of g.members) groupsOf[m].push(gi);
    groupsOf[g.total].push(gi);
  });
  return {
    values,
    coords: input.cells.map((c) => [...c.coords]),
    parts,
    groups,
    groupsOf,
    cellCount,
    marginIds,
    totalId,
  };
}

/** Is any controlled source's part of this count in 1..threshold-1? */
export function isPrimarySensitive(
  parts: ReadonlyMap<string, number>,
  thresholds: Readonly<Record<string, number>>,
): boolean {
  for (const [source, count] of parts) {
    const threshold = thresholds[source];
    if (threshold === undefined) throw new Error(`No threshold for controlled source ${source}.`);
    if (count > 0 && count < threshold) return true;
  }
  return false;
}

/**
 * Rounds a shown count to a multiple of `base`, half up. A non-zero count never rounds
 * to 0, so that a 0 on the page always means "none".
 */
export function roundCount(value: number, base: number | undefined): number {
  if (!base || base <= 1 || value === 0) return value;
  return Math.max(base, Math.round(value / base) * base);
}

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
  // Keep only equations with unknowns, and split them into independent components.
  const eqs = groups
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
  const components = new Map<number, { eqs: (typeof eqs)[number][]; unknowns: Set<number> }>();
  for (const e of eqs) {
    const root = find(e.unknowns[0][0]);
    let comp = components.get(root);
    if (!comp) components.set(root, (comp = { eqs: [], unknowns: new Set() }));
    comp.eqs.push(e);
    for (const [u] of e.unknowns) comp.unknowns.add(u);
  }
  const determined = new Set<number>();
  const pinned = new Set<number>();
  const EPS = 1e-9;
  for (const comp of components.values()) {
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
    const isPivot = new Set(pivotCols);
    pivotCols.forEach((c, row) => {
      let free = false;
      for (let j = 0; j < cols.length && !free; j++) if (!isPivot.has(j) && Math.abs(m[row][j]) > EPS) free = true;
      if (!free) determined.add(cols[c]);
    });
    if (!truth) continue;

    // Null-space basis: one vector per free column, scaled to whole numbers.
    const free = cols.map((_, j) => j).filter((j) => !isPivot.has(j));
    const moves: Float64Array[] = [];
    for (const f of free) {
      const v = new Float64Array(cols.length);
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
    const at = cols.map((u) => truth[u]);
    const feasibleMoves = moves.filter((mv) => mv.every((d, j) => at[j] + d >= 1));
    cols.forEach((u, j) => {
      if (determined.has(u)) return;
      if (!feasibleMoves.some((mv) => mv[j] !== 0)) pinned.add(u);
    });
  }
  return { determined, pinned };
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

/**
 * Suppressed entries that one published total pins through the lower bound alone: a
 * group whose suppressed members must add up to exactly as many as there are of them
 * (each is at least 1), so each is 1. Returns the ids of the groups that do.
 */
function pinnedGroups(lat: Lattice, state: State[]): number[] {
  const out: number[] = [];
  lat.groups.forEach((g, gi) => {
    if (state[g.total] !== SHOWN) return;
    let hidden = 0;
    let known = 0;
    for (const m of g.members) {
      if (state[m] !== SHOWN) hidden++;
      else known += lat.values[m];
    }
    if (hidden >= 2 && lat.values[g.total] - known === hidden) out.push(gi);
  });
  return out;
}

/**
 * Applies disclosure control to a count table: primary suppression of every entry with
 * a controlled part below its source's threshold, then secondary suppression until no
 * suppressed entry can be recovered from the published cells, margins and total, then
 * optional rounding of what is shown.
 */
export function protectTable(input: TableInput): ProtectedTable {
  if (!input.cells.some((c) => hasParts(c.controlled))) return uncontrolledTable(input);
  const lat = buildLattice(input);
  const state: State[] = lat.values.map((_, id) =>
    isPrimarySensitive(lat.parts[id], input.thresholds) ? PRIMARY : SHOWN,
  );
  const hidden = (id: number) => state[id] !== SHOWN;
  const anyHidden = state.some((s) => s !== SHOWN);

  if (anyHidden) {
    // Cells are cheaper to hide than totals: prefer them, then the smallest value
    // (least information lost), then the lowest id (deterministic answers).
    const better = (a: number, b: number) => {
      const ca = a < lat.cellCount ? 0 : 1;
      const cb = b < lat.cellCount ? 0 : 1;
      if (ca !== cb) return ca < cb;
      if (lat.values[a] !== lat.values[b]) return lat.values[a] < lat.values[b];
      return a < b;
    };
    const pick = (candidates: number[], minValue = 1): number | undefined => {
      let best: number | undefined;
      for (const c of candidates)
        if (!hidden(c) && lat.values[c] >= minValue && (best === undefined || better(c, best))) best = c;
      return best;
    };
    const hideOneMore = (g: Group, minValue = 1): boolean => {
      const choice = pick(g.members, minValue) ?? pick(g.members) ?? pick([g.total]);
      if (choice === undefined) return false;
      state[choice] = SECONDARY;
      return true;
    };

    for (let round = 0; ; round++) {
      if (round > lat.values.length + 5) throw new Error('Secondary suppression did not converge.');
      // 1. No group may have exactly one hidden entry: its total (or the other
      //    members) would give it away.
      let changed = true;
      while (changed) {
        changed = false;
        for (const g of lat.groups) {
          let count = hidden(g.total) ? 1 : 0;
          for (const m of g.members) if (hidden(m)) count++;
          if (count === 1 && (hideOneMore(g) || hideAll(lat, state, g))) changed = true;
        }
        for (const gi of pinnedGroups(lat, state)) {
          // Adding any hidden value of 2 or more unpins the group.
          if (hideOneMore(lat.groups[gi], 2) || hideAll(lat, state, lat.groups[gi])) changed = true;
        }
      }
      // 2. Audit the whole answer: combinations of totals can still determine a value
      //    (e.g. a hidden cell joining two otherwise closed patterns in a 2-D table).
      const determined =
        input.shape.length <= 2
          ? networkAudit(lat, input.shape, hidden)
          : (() => {
              const found = audit(lat.groups, hidden, lat.values);
              return new Set([...found.determined, ...found.pinned]);
            })();
      if (determined.size === 0) break;
      const touched = new Set<number>();
      const before = state.filter((x) => x !== SHOWN).length;
      for (const id of determined) {
        // One more hidden entry in a group of each determined value breaks the
        // equation that gives it away; the next audit checks that it did.
        if (lat.groupsOf[id].some((gi) => touched.has(gi))) continue;
        const gi = lat.groupsOf[id].find((i) => hideOneMore(lat.groups[i], 2));
        if (gi === undefined) {
          // Nothing left to hide beside it: hide everything non-zero.
          for (let e = 0; e < lat.values.length; e++) if (!hidden(e) && lat.values[e] > 0) state[e] = SECONDARY;
          break;
        }
        touched.add(gi);
      }
      // Everything that could be hidden is: what is left is inherent in the threshold
      // itself (a lone count of 1 under a threshold of 2 is "1" once hidden).
      if (state.filter((x) => x !== SHOWN).length === before) break;
    }
  }

  const publish = (id: number): Published =>
    hidden(id)
      ? { value: null, suppressed: true }
      : { value: roundCount(lat.values[id], input.rounding), suppressed: false };
  const reasons = new Map<string, SuppressionReason>();
  const label = (id: number): string => {
    if (id < lat.cellCount) return `cell:${id}`;
    if (id === lat.totalId) return 'total';
    for (let d = 0; d < lat.marginIds.length; d++) {
      const i = lat.marginIds[d].indexOf(id);
      if (i >= 0) return `margin:${d}:${i}`;
    }
    return `entry:${id}`;
  };
  let primary = 0;
  let secondary = 0;
  state.forEach((s, id) => {
    if (s === PRIMARY) primary++;
    if (s === SECONDARY) secondary++;
    if (s !== SHOWN) reasons.set(label(id), s === PRIMARY ? 'PRIMARY' : 'SECONDARY');
  });
  return {
    cells: Array.from({ length: lat.cellCount }, (_, i) => publish(i)),
    margins: lat.marginIds.map((ids) => ids.map(publish)),
    total: publish(lat.totalId),
    suppressed: primary + secondary,
    primary,
    secondary,
    reasons,
  };
}

function hasParts(parts: CellInput['controlled']): boolean {
  if (!parts) return false;
  for (const k in parts) if (parts[k]) return true;
  return false;
}

/**
 * A table with no controlled part anywhere: nothing is sensitive, so nothing is hidden,
 * and the answer is its counts, margins and total (rounded). The same result as the full
 * path, in one pass over typed arrays instead of a lattice of objects.
 */
function uncontrolledTable(input: TableInput): ProtectedTable {
  const n = input.shape.length;
  const sums = input.shape.map((size) => new Float64Array(size));
  let total = 0;
  for (const c of input.cells) {
    if (c.coords.length !== n)
      throw new Error(`A cell has ${c.coords.length} coordinates; the table has ${n} dimensions.`);
    for (let d = 0; d < n; d++) {
      const x = c.coords[d];
      if (!Number.isInteger(x) || x < 0 || x >= input.shape[d])
        throw new Error(`Cell coordinate ${x} is outside dimension ${d} (size ${input.shape[d]}).`);
    }
    if (!Number.isInteger(c.value) || c.value < 0)
      throw new Error(`Counts must be whole and non-negative, got ${c.value}.`);
    for (let d = 0; d < n; d++) sums[d][c.coords[d]] += c.value;
    total += c.value;
  }
  const shown = (v: number): Published => ({ value: roundCount(v, input.rounding), suppressed: false });
  return {
    cells: input.cells.map((c) => shown(c.value)),
    margins: n >= 2 ? sums.map((list) => Array.from(list, shown)) : [],
    total: shown(total),
    suppressed: 0,
    primary: 0,
    secondary: 0,
    reasons: new Map(),
  };
}

/** Hides every non-zero entry of a group; true when that changed anything. */
function hideAll(lat: Lattice, state: State[], g: Group): boolean {
  let changed = false;
  for (const e of [...g.members, g.total]) {
    if (state[e] === SHOWN && lat.values[e] > 0) {
      state[e] = SECONDARY;
      changed = true;
    }
  }
  return changed;
}

/** For tests and audits: the equations an answer of this shape publishes, over entry ids (cells first, then margins, then the total). */
export function publishedEquations(
  shape: readonly number[],
  cells: readonly CellInput[],
): { groups: Group[]; cellCount: number; marginIds: number[][]; totalId: number } {
  const lat = buildLattice({ shape, cells, thresholds: {} });
  return { groups: lat.groups, cellCount: lat.cellCount, marginIds: lat.marginIds, totalId: lat.totalId };
}
