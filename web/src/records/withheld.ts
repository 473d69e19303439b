/** A FORBIDDEN error at a record's field: which row, which field, and why. */
export interface Withheld {
  row: number;
  field: string;
  message: string;
}

interface PathError {
  path?: readonly (string | number)[];
  message: string;
  extensions?: Record<string, unknown>;
}

/** The withheld fields of `records.nodes`, from the errors at their paths. */
export function withheldFields(errors: readonly PathError[]): Withheld[] {
  const out: Withheld[] = [];
  for (const e of errors) {
    const p = e.path;
    if (
      e.extensions?.code !== 'FORBIDDEN' ||
      !p ||
      p.length < 4 ||
      p[0] !== 'records' ||
      p[1] !== 'nodes' ||
      typeof p[2] !== 'number'
    )
      continue;
    out.push({ row: p[2], field: String(p[3]), message: e.message });
  }
  return out;
}

/** Numbered reasons (footnotes) for the table, and a lookup from row and field to its number. */
export function footnotes(withheld: Withheld[]): { reasons: string[]; lookup: Map<string, number> } {
  const reasons: string[] = [];
  const index = new Map<string, number>();
  const lookup = new Map<string, number>();
  for (const w of withheld) {
    let n = index.get(w.message);
    if (n === undefined) {
      reasons.push(w.message);
      n = reasons.length;
      index.set(w.message, n);
    }
    lookup.set(`${w.row}:${w.field}`, n);
  }
  return { reasons, lookup };
}
