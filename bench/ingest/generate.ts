import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/**
 * A synthetic police crime extract as a partner would send it: every template column,
 * mixed date formats, decimals in the grid references, a victim reference on most rows,
 * and a small share of bad rows (unknown category, impossible date) that must be refused.
 */

export const BENCH_HEADER = [
  'source_ref',
  'category',
  'subcategory',
  'occurred_at',
  'easting',
  'northing',
  'lsoa_code',
  'subject_ref',
  'age',
  'sex',
  'domestic_abuse',
  'alcohol_related',
] as const;

const CATEGORIES: readonly (readonly [string, string])[] = [
  ['VIOLENCE_AGAINST_THE_PERSON', 'VIOLENCE_WITH_INJURY'],
  ['VIOLENCE_AGAINST_THE_PERSON', 'VIOLENCE_WITHOUT_INJURY'],
  ['VIOLENCE_AGAINST_THE_PERSON', 'STALKING_AND_HARASSMENT'],
  ['THEFT_OFFENCES', 'SHOPLIFTING'],
  ['THEFT_OFFENCES', 'OTHER_THEFT'],
  ['BURGLARY', 'RESIDENTIAL'],
  ['CRIMINAL_DAMAGE_AND_ARSON', 'CRIMINAL_DAMAGE'],
  ['VEHICLE_OFFENCES', 'THEFT_FROM_VEHICLE'],
  ['PUBLIC_ORDER_OFFENCES', ''],
  ['DRUG_OFFENCES', 'POSSESSION'],
];

/** Small, fast, seeded PRNG (mulberry32): the same seed gives the same file. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Writes `rows` data rows (plus the header) to `path`; returns how many are deliberately bad. */
export async function generateCrimeCsv(
  path: string,
  rows: number,
  opts: { seed?: number; badEvery?: number; refPrefix?: string } = {},
): Promise<{ bad: number; bytes: number }> {
  const r = rng(opts.seed ?? 2026);
  const badEvery = opts.badEvery ?? 500;
  const prefix = opts.refPrefix ?? 'BX/';
  const out = createWriteStream(path);
  let bytes = 0;
  let bad = 0;
  let buf = BENCH_HEADER.join(',') + '\r\n';
  for (let i = 0; i < rows; i++) {
    const [cat, sub] = CATEGORIES[Math.floor(r() * CATEGORIES.length)];
    const y = 2024 + Math.floor(r() * 2);
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    const h = Math.floor(r() * 24);
    const mi = Math.floor(r() * 60);
    const when =
      i % 3 === 0 ? `${pad(d)}/${pad(m)}/${y} ${pad(h)}:${pad(mi)}` : `${y}-${pad(m)}-${pad(d)} ${pad(h)}:${pad(mi)}`;
    const isBad = badEvery > 0 && i % badEvery === badEvery - 1;
    if (isBad) bad++;
    const row = [
      `${prefix}${100000 + i}/${y % 100}`,
      isBad && i % 2 ? 'NOT_A_CATEGORY' : cat,
      sub,
      isBad && !(i % 2) ? `31/02/${y} 10:00` : when,
      (440000 + r() * 10000).toFixed(1),
      (290000 + r() * 10000).toFixed(0),
      `E0109900${1 + Math.floor(r() * 9)}`,
      r() < 0.7 ? `P${Math.floor(r() * 200000)}` : '',
      String(10 + Math.floor(r() * 75)),
      r() < 0.48 ? 'F' : r() < 0.96 ? 'M' : '',
      r() < 0.15 ? 'Y' : 'N',
      r() < 0.3 ? 'true' : 'false',
    ].join(',');
    buf += row + '\r\n';
    if (buf.length > 1 << 20) {
      bytes += Buffer.byteLength(buf);
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  bytes += Buffer.byteLength(buf);
  out.end(buf);
  await once(out, 'finish');
  return { bad, bytes };
}

/**
 * The same rows as generateCrimeCsv (same seed, same values, same bad rows), as an .xlsx
 * workbook the way Excel stores them: dates as date cells (Excel serials with a date
 * format), grid references and ages as numbers, text in the shared-strings table, the
 * worksheet before the shared strings in the zip. Written streaming (exceljs), so a
 * million rows fit in memory.
 */
export async function generateCrimeXlsx(
  path: string,
  rows: number,
  opts: { seed?: number; badEvery?: number; refPrefix?: string } = {},
): Promise<{ bad: number }> {
  const { default: ExcelJS } = await import('exceljs');
  const r = rng(opts.seed ?? 2026);
  const badEvery = opts.badEvery ?? 500;
  const prefix = opts.refPrefix ?? 'BX/';
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Crimes');
  ws.addRow([...BENCH_HEADER]).commit();
  let bad = 0;
  for (let i = 0; i < rows; i++) {
    const [cat, sub] = CATEGORIES[Math.floor(r() * CATEGORIES.length)];
    const y = 2024 + Math.floor(r() * 2);
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    const h = Math.floor(r() * 24);
    const mi = Math.floor(r() * 60);
    const isBad = badEvery > 0 && i % badEvery === badEvery - 1;
    if (isBad) bad++;
    // An impossible date cannot be a date cell: Excel would keep it as the text typed.
    const when: Date | string = isBad && !(i % 2) ? `31/02/${y} 10:00` : new Date(Date.UTC(y, m - 1, d, h, mi));
    const row = ws.addRow([
      `${prefix}${100000 + i}/${y % 100}`,
      isBad && i % 2 ? 'NOT_A_CATEGORY' : cat,
      sub || null,
      when,
      Number((440000 + r() * 10000).toFixed(1)),
      Number((290000 + r() * 10000).toFixed(0)),
      `E0109900${1 + Math.floor(r() * 9)}`,
      r() < 0.7 ? `P${Math.floor(r() * 200000)}` : null,
      10 + Math.floor(r() * 75),
      r() < 0.48 ? 'F' : r() < 0.96 ? 'M' : null,
      r() < 0.15 ? 'Y' : 'N',
      r() < 0.3,
    ]);
    if (when instanceof Date) row.getCell(4).numFmt = 'dd/mm/yyyy hh:mm';
    row.commit();
  }
  ws.commit();
  await wb.commit();
  return { bad };
}
