import { addDays, addMonths, todayLondon } from './format';

export interface Period {
  from: string;
  to: string;
}

/** The calendar quarter a date falls in: from its first day to the first day of the next (exclusive). */
export function quarterOf(date: string): Period {
  const [y, m] = date.split('-').map(Number);
  const start = Math.floor((m - 1) / 3) * 3 + 1;
  const from = `${y}-${String(start).padStart(2, '0')}-01`;
  return { from, to: addMonths(from, 3) };
}

/** This quarter (London), the default period of "who used our data". */
export function thisQuarter(now = new Date()): Period {
  return quarterOf(todayLondon(now));
}

export function previousQuarter(now = new Date()): Period {
  const q = thisQuarter(now);
  return { from: addMonths(q.from, -3), to: q.from };
}

/** "2026-10-01".."2027-01-01" -> "October to December 2026" (the end is exclusive). */
export function periodLabel(p: Period): string {
  const month = (d: string) =>
    new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`));
  const last = addDays(p.to, -1);
  const [fy, ly] = [p.from.slice(0, 4), last.slice(0, 4)];
  if (p.from.slice(0, 7) === last.slice(0, 7)) return `${month(p.from)} ${fy}`;
  return fy === ly ? `${month(p.from)} to ${month(last)} ${ly}` : `${month(p.from)} ${fy} to ${month(last)} ${ly}`;
}

/** A quarter's s17A name: 2026-10-01 -> "2026-Q4". */
export function quarterName(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** Whole days from `from` to `to` (YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}
