import type { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { csvRows, GeographyFileError, GSS_CODE, matchColumns, type ColumnSpec } from './ons-columns.js';
import { refreshParentPopulations } from './ons-lookup.js';
import { ChangeTally, type ReleaseSummary } from './release.js';

/**
 * The ONS "Lower layer Super Output Area population estimates" (mid-year, 2021 LSOAs):
 * a sheet per year in the published workbook, whose columns are `LAD 2021 Code`,
 * `LAD 2021 Name`, `LSOA 2021 Code`, `LSOA 2021 Name`, `Total`, then one column per sex
 * and single year of age (`F0`...`M90`). The administrator saves the sheet of the year
 * wanted as CSV. The year is given (`--year`), or read from a file name such as
 * `sapelsoasyoa2022.csv` or `mid-2022.csv`.
 */
export const POPULATION_LAYOUT =
  'the ONS mid-year population estimates for LSOAs (LSOA 2021 Code, LSOA 2021 Name, Total)';

/** How many lines of title and notes may come before the header. */
const MAX_LINES_BEFORE_HEADER = 12;

export const POPULATION_COLUMNS: readonly ColumnSpec[] = [
  { key: 'code', pattern: /^LSOA (\d{4}) Code$/i, label: 'LSOA yyyy Code', required: true, pick: 'latest' },
  { key: 'name', pattern: /^LSOA (\d{4}) Name$/i, label: 'LSOA yyyy Name', required: false, sameYearAs: 'code' },
  { key: 'total', pattern: /^(?:Total|All Ages)$/i, label: 'Total', required: true },
];

/** The year of estimates named by a file name, or null. */
export function yearFromFileName(fileName: string | null | undefined): number | null {
  const m = /(?:mid-?|sapelsoasyoa)(\d{4})/i.exec(fileName ?? '') ?? /(?:^|\D)(20\d{2})(?:\D|$)/.exec(fileName ?? '');
  return m ? Number(m[1]) : null;
}

export async function importPopulation(
  client: PoolClient,
  source: Readable,
  opts: { year?: number | null; fileName?: string | null; release?: string | null },
): Promise<Omit<ReleaseSummary, 'kind' | 'fileName'>> {
  const year = estimateYear(opts);
  const { rows: known } = await client.query<{ code: string; population: number | null }>(
    `select code, population from area where level = 'LSOA' and retired_at is null`,
  );
  const current = new Map(known.map((r) => [r.code, r.population]));
  if (!current.size)
    throw new GeographyFileError('The hub has no LSOAs yet: load the LSOA (2021) best-fit lookup first.');
  const { values, read } = await readEstimates(source, current);
  const release = opts.release?.trim() || `Mid-${year} population estimates`;
  const tally = new ChangeTally();
  const missing = [...current.keys()].filter((c) => !values.has(c));
  for (const c of missing) tally.add('lsoa.noEstimate', c);
  const notes = await storeEstimates(client, values, year, release, current, tally);
  if (missing.length) notes.push(`${missing.length} of the hub's LSOAs have no estimate in this file.`);
  return {
    release,
    read,
    kept: values.size,
    outside: read - values.size,
    counts: tally.counts,
    codes: tally.codes,
    notes,
  };
}

/** The mid-year the estimates are for: given, or read from the file name. */
function estimateYear(opts: { year?: number | null; fileName?: string | null }): number {
  const year = opts.year ?? yearFromFileName(opts.fileName);
  if (!year)
    throw new GeographyFileError(
      'Which mid-year do these estimates give? Pass the year (--year 2022); it is not in the file.',
    );
  if (!Number.isInteger(year) || year < 1991 || year > 2100)
    throw new GeographyFileError(`The year must be a year such as 2022, got ${year}.`);
  return year;
}

/**
 * The file's estimates for the hub's LSOAs (`current`), after its header (found below a
 * few lines of title and notes); every row is checked, and a file with none of the hub's
 * LSOAs is refused.
 */
async function readEstimates(
  source: Readable,
  current: ReadonlyMap<string, number | null>,
): Promise<{ values: Map<string, number>; read: number }> {
  let cols: ReturnType<typeof matchColumns> | undefined;
  const values = new Map<string, number>();
  let read = 0;
  let line = 1;
  let before = 0;
  let firstRow: string[] | undefined;
  for await (const raw of csvRows(source)) {
    if (!cols) {
      // The published sheets have a few lines of title and notes above the header.
      firstRow ??= raw;
      if (!raw.some((c) => POPULATION_COLUMNS[0].pattern.test(c.trim())) && ++before < MAX_LINES_BEFORE_HEADER)
        continue;
      line = before + 1;
      cols = matchColumns(
        raw.some((c) => POPULATION_COLUMNS[0].pattern.test(c.trim())) ? raw : firstRow,
        POPULATION_COLUMNS,
        POPULATION_LAYOUT,
      );
      if (cols.year.code !== 2021)
        throw new GeographyFileError(
          `These estimates are for ${cols.year.code} LSOAs: the hub's areas are 2021 LSOAs. Download the estimates for 2021 LSOAs.`,
        );
      continue;
    }
    line++;
    read++;
    const code = (raw[cols.index.code] ?? '').trim().toUpperCase();
    const total = (raw[cols.index.total] ?? '').trim().replace(/,/g, '');
    if (!GSS_CODE.test(code))
      throw new GeographyFileError(`Line ${line}: the LSOA code is not a GSS code. Nothing was loaded.`);
    if (!/^\d+$/.test(total))
      throw new GeographyFileError(`Line ${line}: Total is not a whole number of people. Nothing was loaded.`);
    if (current.has(code)) values.set(code, Number(total));
  }
  if (!cols) {
    // No header anywhere near the top: name what the first line lacks.
    if (firstRow) matchColumns(firstRow, POPULATION_COLUMNS, POPULATION_LAYOUT);
    throw new GeographyFileError(`The file is empty: expected ${POPULATION_LAYOUT}.`);
  }
  if (!values.size)
    throw new GeographyFileError(
      read ? `None of the file's ${read} LSOAs is one the hub keeps. Nothing was loaded.` : 'The file has no rows.',
    );
  return { values, read };
}

/**
 * Stores the estimates of the year, and the sums for wards and local authorities; when it
 * is the latest year loaded, its estimates become the ones rates use. Returns the notes.
 */
async function storeEstimates(
  client: PoolClient,
  values: ReadonlyMap<string, number>,
  year: number,
  release: string,
  current: ReadonlyMap<string, number | null>,
  tally: ChangeTally,
): Promise<string[]> {
  const { rows: latest } = await client.query<{ year: number | null }>(`select max(year) as year from area_population`);
  await client.query(
    `insert into area_population (area_code, year, population, release)
     select r.code, $2, r.population, $3 from jsonb_to_recordset($1::jsonb) as r(code text, population int)
     on conflict (area_code, year) do update set population = excluded.population, release = excluded.release`,
    [JSON.stringify([...values].map(([code, population]) => ({ code, population }))), year, release],
  );
  // Wards and local authorities: the sum of their LSOAs, for the year loaded.
  await client.query(
    `insert into area_population (area_code, year, population, release)
     select p.code, $1, sum(l.population), $2
       from area_population l join area a on a.code = l.area_code and a.level = 'LSOA'
       cross join lateral (values (a.ward_code), (a.local_authority_code)) as p(code)
      where l.year = $1 and p.code is not null and exists (select 1 from area x where x.code = p.code)
      group by p.code
     on conflict (area_code, year) do update set population = excluded.population, release = excluded.release`,
    [year, release],
  );
  // The estimates of the latest year loaded are the ones rates use.
  const notes = [`Estimates for mid-${year}.`];
  if (latest[0].year === null || year >= latest[0].year) {
    for (const [code, population] of values) {
      if (current.get(code) !== population) tally.add('lsoa.changed');
      else tally.add('lsoa.unchanged');
    }
    await client.query(
      `update area a set population = p.population from area_population p
        where p.area_code = a.code and p.year = $1 and a.level = 'LSOA' and a.population is distinct from p.population`,
      [year],
    );
    await refreshParentPopulations(client);
    notes.push(`Rates now use the mid-${year} estimates.`);
  } else {
    notes.push(`Kept for reference: rates use the later mid-${latest[0].year} estimates.`);
  }
  return notes;
}
