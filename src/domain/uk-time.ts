import { GroupBy } from './api-enums.js';
import { TimePrecision } from './vocabulary.js';

/**
 * Dates and times as partners send them: UK local time (Europe/London), in ISO or UK
 * day-first form. Pure arithmetic: the rules of British Summer Time are fixed (last
 * Sunday of March to last Sunday of October, changing at 01:00 UTC), and calling Intl
 * for each of a million rows would dominate an import.
 */

/** The partnership's time zone, as PostgreSQL and Intl name it. */
export const LONDON_TZ = 'Europe/London';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function lastSundayAt1Utc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
}

interface YearRange {
  start: number;
  end: number;
  bstStart: number;
  bstEnd: number;
}
// The years last looked up: a file's rows mostly fall in two or three.
const recentYears: YearRange[] = [];

/** Whether an instant falls in British Summer Time. */
export function isBst(utcMs: number): boolean {
  let y: YearRange | undefined;
  for (let i = 0; i < recentYears.length; i++) {
    if (utcMs >= recentYears[i].start && utcMs < recentYears[i].end) {
      y = recentYears[i];
      break;
    }
  }
  if (!y) {
    const year = new Date(utcMs).getUTCFullYear();
    y = {
      start: Date.UTC(year, 0, 1),
      end: Date.UTC(year + 1, 0, 1),
      bstStart: lastSundayAt1Utc(year, 2),
      bstEnd: lastSundayAt1Utc(year, 9),
    };
    recentYears.unshift(y);
    if (recentYears.length > 4) recentYears.pop();
  }
  return utcMs >= y.bstStart && utcMs < y.bstEnd;
}

/**
 * A London wall-clock time (given as if it were UTC) to its instant. In the autumn hour
 * that happens twice the first (BST) one is taken; a time skipped in spring lands an hour
 * later, as clocks that were not changed would show.
 */
export function londonWallToUtc(wallMs: number): number {
  const summer = wallMs - HOUR_MS;
  return isBst(summer) ? summer : wallMs;
}

/** An instant as London wall-clock time (as if it were UTC). */
export function utcToLondonWall(utcMs: number): number {
  return isBst(utcMs) ? utcMs + HOUR_MS : utcMs;
}

export interface ParsedTime {
  /** The instant, UTC milliseconds. */
  ms: number;
  /** MINUTE when a time of day was given, DAY for a date alone. */
  precision: TimePrecision.MINUTE | TimePrecision.DAY;
}

export type TimeProblem = 'format' | 'calendar';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1];
}

/** Parses a date or date-time; returns what was wrong instead when it cannot. */
export function parseUkDateTime(raw: string): ParsedTime | TimeProblem {
  let y: number,
    mo: number,
    d: number,
    h: string | undefined,
    mi: string | undefined,
    s: string | undefined,
    zone: string | undefined;
  let m = ISO.exec(raw);
  if (m) {
    y = +m[1];
    mo = +m[2];
    d = +m[3];
    h = m[4];
    mi = m[5];
    s = m[6];
    zone = m[7];
  } else {
    m = UK.exec(raw);
    if (!m) return 'format';
    d = +m[1];
    mo = +m[2];
    y = +m[3];
    h = m[4];
    mi = m[5];
    s = m[6];
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return 'calendar';
  if (h === undefined) return { ms: londonWallToUtc(Date.UTC(y, mo - 1, d)), precision: TimePrecision.DAY };
  const hour = +h;
  const minute = +mi!;
  if (hour > 23 || minute > 59 || (s !== undefined && +s > 59)) return 'calendar';
  const wall = Date.UTC(y, mo - 1, d, hour, minute);
  if (zone === undefined) return { ms: londonWallToUtc(wall), precision: TimePrecision.MINUTE };
  if (zone === 'Z' || zone === 'z') return { ms: wall, precision: TimePrecision.MINUTE };
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = +digits.slice(0, 2) * 60 + +digits.slice(2);
  if (offsetMin > 14 * 60) return 'calendar';
  return { ms: wall - sign * offsetMin * 60_000, precision: TimePrecision.MINUTE };
}

const TIME_RANK: Readonly<Record<TimePrecision, number>> = {
  [TimePrecision.MINUTE]: 0,
  [TimePrecision.HOUR]: 1,
  [TimePrecision.DAY]: 2,
  [TimePrecision.MONTH]: 3,
};

/** The coarser of two time grains. */
export function coarserTime(a: TimePrecision, b: TimePrecision): TimePrecision {
  return TIME_RANK[a] >= TIME_RANK[b] ? a : b;
}

/** Truncates an instant to a grain of London local time. */
export function truncateLondon(utcMs: number, precision: TimePrecision): number {
  if (precision === TimePrecision.MINUTE) return utcMs - (((utcMs % 60_000) + 60_000) % 60_000);
  // London is always a whole number of hours from UTC: an hour is the same hour in both.
  if (precision === TimePrecision.HOUR) return utcMs - (((utcMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
  const wall = utcToLondonWall(utcMs);
  const dayStart = wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
  if (precision === TimePrecision.DAY) return londonWallToUtc(dayStart);
  const date = new Date(dayStart);
  return londonWallToUtc(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

const monthOfDay = new Map<number, string>();

/** The London calendar month of an instant, as "YYYY-MM". */
export function londonMonth(utcMs: number): string {
  const day = Math.floor(utcToLondonWall(utcMs) / DAY_MS);
  let month = monthOfDay.get(day);
  if (month === undefined) {
    month = new Date(day * DAY_MS).toISOString().slice(0, 7);
    if (monthOfDay.size > 100_000) monthOfDay.clear();
    monthOfDay.set(day, month);
  }
  return month;
}

// Building a DateTimeFormat is costly (it showed in the load benchmark's profile): built once.
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: LONDON_TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The London calendar date of an instant (by default, now), YYYY-MM-DD: "today" for agreements, deadlines, reports. */
export function londonDate(at: Date = new Date()): string {
  return LONDON_DATE.format(at);
}

/** Midnight at the start of a London calendar date (YYYY-MM-DD), as an instant. */
export function londonMidnight(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(londonWallToUtc(Date.UTC(y, m - 1, d)));
}

function addMonthsYmd(ymd: string, months: number): string {
  const [y, m] = ymd.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

/** The start of the period after the one starting at `key`. */
export function nextPeriod(period: GroupBy, key: string): string {
  switch (period) {
    case GroupBy.DAY:
    case GroupBy.WEEK: {
      const [y, m, d] = key.split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d + (period === GroupBy.DAY ? 1 : 7))).toISOString().slice(0, 10);
    }
    case GroupBy.MONTH:
      return addMonthsYmd(key, 1);
    case GroupBy.QUARTER:
      return addMonthsYmd(key, 3);
    default:
      return addMonthsYmd(key, 12);
  }
}

/**
 * The same London wall-clock time one calendar year earlier: 1 April 2025 00:00 is
 * 1 April 2024 00:00. 29 February becomes 1 March (the day after 28 February), so a
 * period ending on 29 February (exclusive) still covers 28 February a year earlier.
 */
export function yearEarlier(at: Date): Date {
  const wall = new Date(utcToLondonWall(at.getTime()));
  const shifted = Date.UTC(
    wall.getUTCFullYear() - 1,
    wall.getUTCMonth(),
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
  );
  return new Date(londonWallToUtc(shifted));
}
