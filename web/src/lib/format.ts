/** Formatting for people in the UK: numbers with thousands separators, dates as "1 April 2025". */

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const rate = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : integer.format(value);
}

export function formatRate(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : rate.format(value);
}

/** A percentage already in percent (24.8 -> "24.8%"); signed when `signed`. */
export function formatPercent(value: number | null | undefined, signed = false): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  const text = `${decimal.format(Math.abs(value))}%`;
  if (!signed) return value < 0 ? `-${text}` : text;
  if (value > 0) return `+${text}`;
  if (value < 0) return `−${text}`;
  return text;
}

/** A share between 0 and 1 as a percentage ("0.25" -> "25.0%"). */
export function formatShare(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : formatPercent(value * 100);
}

const LONDON = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: LONDON,
});
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: LONDON });
const shortDateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: LONDON,
});
const shortMonthFormat = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: LONDON });
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: LONDON,
});

/** "2025-04-01T00:00:00+01:00" or "2025-04-01" -> "1 April 2025" (London time). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = parseDate(value);
  return d ? dateFormat.format(d) : value;
}

/** A record's time at its precision: MONTH "April 2025", DAY "1 April 2025", HOUR/MINUTE "1 April 2025, 21:40". */
export function formatAtPrecision(
  value: string | null | undefined,
  precision: string | null | undefined,
  short = false,
): string {
  if (!value) return '';
  const d = parseDate(value);
  if (!d) return value;
  const date = short ? shortDateFormat : dateFormat;
  switch (precision) {
    case 'MONTH':
      return (short ? shortMonthFormat : monthFormat).format(d);
    case 'DAY':
      return date.format(d);
    case 'HOUR':
      return `${date.format(d)}, ${timeFormat.format(d).slice(0, 2)}:00 to ${String((Number(timeFormat.format(d).slice(0, 2)) + 1) % 24).padStart(2, '0')}:00`;
    default:
      return `${date.format(d)}, ${timeFormat.format(d)}`;
  }
}

export function formatDateTime(value: string | null | undefined): string {
  return formatAtPrecision(value, 'MINUTE');
}

function parseDate(value: string): Date | null {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Offset of London from UTC, in minutes, at an instant. */
function londonOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: LONDON,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** "2025-04-01" -> "2025-04-01T00:00:00+01:00": midnight in London, as the API's filters expect. */
export function londonMidnightIso(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Not a date: ${date}`);
  // Midnight in London is 00:00 UTC (GMT) or 23:00 UTC the day before (BST): the offset
  // that is London's own offset at that instant is the right one.
  const base = Date.parse(`${date}T00:00:00Z`);
  const midnightOffset = [60, 0].find((off) => londonOffsetMinutes(new Date(base - off * 60_000)) === off) ?? 0;
  const sign = midnightOffset >= 0 ? '+' : '-';
  const abs = Math.abs(midnightOffset);
  return `${date}T00:00:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An ISO instant -> its date in London, "YYYY-MM-DD". */
export function isoToLondonDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  // A London-midnight timestamp as the console writes it: the date is its first ten characters.
  if (/^\d{4}-\d{2}-\d{2}T00:00:00(\.0+)?[+-]0[01]:00$/.test(value)) return value.slice(0, 10);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: LONDON,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
  return parts;
}

/** "VIOLENCE_AGAINST_THE_PERSON" -> "Violence against the person"; keeps acronyms such as ASB. */
export function humanise(code: string | null | undefined): string {
  if (!code) return '';
  const ACRONYMS = new Set(['ASB', 'AE', 'LSOA', 'CSP', 'ICD', 'NHS', 'GRID']);
  const words = code.split('_').map((w, i) => {
    if (ACRONYMS.has(w)) return w === 'AE' ? 'A&E' : w;
    const lower = w.toLowerCase();
    return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
  });
  return words.join(' ');
}

/** Today in London, "YYYY-MM-DD". */
export function todayLondon(now = new Date()): string {
  return isoToLondonDate(now.toISOString());
}

/** Add whole months to a "YYYY-MM-DD" date (day clamped to 1 when it starts on 1). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The first day of the month of a "YYYY-MM-DD" date. */
export function startOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** Add whole days to a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A record's coded details in words: {"domesticAbuse": false, "weapon": "KNIFE_OR_BLADE"} -> "Domestic abuse: no; Weapon: Knife or blade". */
export function formatDetails(details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([k, v]) => {
      const key = k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
      const value =
        typeof v === 'boolean'
          ? v
            ? 'yes'
            : 'no'
          : typeof v === 'string' && /^[A-Z0-9_]+$/.test(v)
            ? humanise(v).toLowerCase()
            : String(v);
      return `${humanise(key)}: ${value}`;
    })
    .join('; ');
}

/** An API field path in words: "SharedRecord.gridEasting" -> "grid easting". */
export function fieldPathInWords(path: string): string {
  return path
    .replace(/^[A-Za-z]+\./, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}
