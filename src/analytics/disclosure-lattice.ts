/**
 * The entries of a count table under disclosure control (its cells, one-way margins and
 * grand total) and the equations its published totals make: what the suppression in
 * disclosure.ts and the audits in disclosure-audit.ts work on.
 */

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

/** One published total: the equation sum(members) = total, over entry ids. */
export interface Group {
  members: number[];
  total: number;
}

/** The entries of a table (cells, margins, total) and the equations that published totals make. */
export interface Lattice {
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

export function buildLattice(input: TableInput): Lattice {
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
/** For tests and audits: the equations an answer of this shape publishes, over entry ids (cells first, then margins, then the total). */
export function publishedEquations(
  shape: readonly number[],
  cells: readonly CellInput[],
): { groups: Group[]; cellCount: number; marginIds: number[][]; totalId: number } {
  const lat = buildLattice({ shape, cells, thresholds: {} });
  return { groups: lat.groups, cellCount: lat.cellCount, marginIds: lat.marginIds, totalId: lat.totalId };
}
