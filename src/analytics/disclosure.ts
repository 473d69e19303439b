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
 * shown as zeros). The audits (disclosure-audit.ts) check both for this one answer.
 *
 * What a cell's threshold is compared with: the count each controlled source adds to
 * it, never the whole cell. The caller knows its own data, so own records in a cell
 * cannot hide a partner's small count: (own 50 + partner 3) is suppressed, since the
 * caller would subtract its own 50. Each source is checked against its own threshold,
 * because the caller may also ask for each source on its own.
 */

import { audit, networkAudit } from './disclosure-audit.js';
import { buildLattice, type CellInput, type Group, type Lattice, type TableInput } from './disclosure-lattice.js';

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
  if (state.some((s) => s !== SHOWN)) suppressSecondary(lat, state, input.shape);
  return publishTable(lat, state, input.rounding);
}

/** Hides one more shown entry of a group, if it has one; true when it did. */
type HideOneMore = (g: Group, minValue?: number) => boolean;

/**
 * How secondary suppression picks the entry to hide: cells are cheaper to hide than
 * totals, so prefer them, then the smallest value (least information lost), then the
 * lowest id (deterministic answers).
 */
function hider(lat: Lattice, state: State[]): HideOneMore {
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
      if (state[c] === SHOWN && lat.values[c] >= minValue && (best === undefined || better(c, best))) best = c;
    return best;
  };
  return (g, minValue = 1) => {
    const choice = pick(g.members, minValue) ?? pick(g.members) ?? pick([g.total]);
    if (choice === undefined) return false;
    state[choice] = SECONDARY;
    return true;
  };
}

/** Hides more entries until no suppressed entry can be recovered from what is published. */
function suppressSecondary(lat: Lattice, state: State[], shape: readonly number[]): void {
  const hidden = (id: number) => state[id] !== SHOWN;
  const hideOneMore = hider(lat, state);
  const hiddenCount = () => state.filter((x) => x !== SHOWN).length;
  for (let round = 0; ; round++) {
    if (round > lat.values.length + 5) throw new Error('Secondary suppression did not converge.');
    closeGroups(lat, state, hideOneMore);
    // Audit the whole answer: combinations of totals can still determine a value
    // (e.g. a hidden cell joining two otherwise closed patterns in a 2-D table).
    const determined =
      shape.length <= 2
        ? networkAudit(lat, shape, hidden)
        : (() => {
            const found = audit(lat.groups, hidden, lat.values);
            return new Set([...found.determined, ...found.pinned]);
          })();
    if (determined.size === 0) break;
    const before = hiddenCount();
    breakEquations(lat, state, determined, hideOneMore);
    // Everything that could be hidden is: what is left is inherent in the threshold
    // itself (a lone count of 1 under a threshold of 2 is "1" once hidden).
    if (hiddenCount() === before) break;
  }
}

/**
 * No group may have exactly one hidden entry (its total, or the other members, would
 * give it away), nor be pinned by the lower bound: hides more until none is.
 */
function closeGroups(lat: Lattice, state: State[], hideOneMore: HideOneMore): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of lat.groups) {
      let count = state[g.total] !== SHOWN ? 1 : 0;
      for (const m of g.members) if (state[m] !== SHOWN) count++;
      if (count === 1 && (hideOneMore(g) || hideAll(lat, state, g))) changed = true;
    }
    for (const gi of pinnedGroups(lat, state)) {
      // Adding any hidden value of 2 or more unpins the group.
      if (hideOneMore(lat.groups[gi], 2) || hideAll(lat, state, lat.groups[gi])) changed = true;
    }
  }
}

/**
 * One more hidden entry in a group of each determined value breaks the equation that
 * gives it away; the next audit checks that it did.
 */
function breakEquations(lat: Lattice, state: State[], determined: Set<number>, hideOneMore: HideOneMore): void {
  const touched = new Set<number>();
  for (const id of determined) {
    if (lat.groupsOf[id].some((gi) => touched.has(gi))) continue;
    const gi = lat.groupsOf[id].find((i) => hideOneMore(lat.groups[i], 2));
    if (gi === undefined) {
      // Nothing left to hide beside it: hide everything non-zero.
      for (let e = 0; e < lat.values.length; e++) if (state[e] === SHOWN && lat.values[e] > 0) state[e] = SECONDARY;
      return;
    }
    touched.add(gi);
  }
}

/** The answer as published: hidden entries as null, shown ones rounded, and why each is hidden. */
function publishTable(lat: Lattice, state: State[], rounding: number | undefined): ProtectedTable {
  const publish = (id: number): Published =>
    state[id] !== SHOWN
      ? { value: null, suppressed: true }
      : { value: roundCount(lat.values[id], rounding), suppressed: false };
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
