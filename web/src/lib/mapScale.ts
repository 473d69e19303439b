/**
 * The maps' colour scale: five classes of viridis (light to dark), readable with the
 * common colour-vision deficiencies and in greyscale, of equal width from 0 to a rounded
 * maximum. The same classes as the report's server-drawn maps (src/geography/map-svg.ts).
 */

export const MAP_PALETTE = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'] as const;
export const NO_DATA_FILL = '#d9d9d9';

/** What one area shows: a figure, a suppressed figure, or none. */
export type MapValue = { value: number } | { suppressed: true } | null;

export interface MapClass {
  from: number;
  to: number;
}

export function mapClasses(values: readonly number[]): MapClass[] {
  const max = Math.max(0, ...values);
  if (max === 0) return [{ from: 0, to: 0 }];
  const integral = values.every((v) => Number.isInteger(v));
  const count = integral ? Math.min(5, Math.max(1, max)) : 5;
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10]
    .map((m) => m * magnitude)
    .find((s) => s >= raw && (!integral || Number.isInteger(s)))!;
  const classes: MapClass[] = [];
  for (let from = 0; from <= max && classes.length < MAP_PALETTE.length; from += step)
    classes.push({ from, to: from + step });
  return classes;
}

export function classOf(value: number, classes: readonly MapClass[]): number {
  for (let i = 0; i < classes.length; i++) if (value < classes[i].to || i === classes.length - 1) return i;
  return classes.length - 1;
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toFixed(1));

/** The legend's words for each class. */
export function classLabel(c: MapClass, i: number, classes: readonly MapClass[]): string {
  if (classes.length === 1 && c.to === 0) return '0';
  return i === classes.length - 1 ? `${fmt(c.from)} or more` : `${fmt(c.from)} to under ${fmt(c.to)}`;
}

export function formatMapValue(v: MapValue, noData: string): string {
  if (!v) return noData;
  return 'suppressed' in v ? 'suppressed' : fmt(v.value);
}

/** A 100 m grid square from its reference ("E448300N291300"): its ring on the British National Grid. */
export function gridSquare(ref: string): [number, number][] | null {
  const m = /^E(\d{1,7})N(\d{1,7})$/.exec(ref);
  if (!m) return null;
  const e = Number(m[1]);
  const n = Number(m[2]);
  return [
    [e, n],
    [e + 100, n],
    [e + 100, n + 100],
    [e, n + 100],
    [e, n],
  ];
}
