import type { PurposeName } from './purpose';

/** One CSV field, quoted when it must be (RFC 4180). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of values -> CSV text with CRLF line ends. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The file name of an export: what it is, the purpose it was read for (the purpose is
 * printed on every export, and a comment line would break CSV readers) and the day.
 * e.g. "hub-explore-strategic-assessment-2026-12-07.csv".
 */
export function exportFileName(what: string, purpose: PurposeName, extension: string, now = new Date()): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return `hub-${slug(what)}-${slug(purpose)}-${day}.${extension}`;
}

/** The file name of a governance export (no purpose: it reads no partner data), e.g. "hub-who-used-our-data-bpol-2026-12-07.csv". */
export function governanceFileName(what: string, extension: string, now = new Date()): string {
  const slug = what
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return `hub-${slug}-${day}.${extension}`;
}
