import type { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { codeAndName, csvRows, GeographyFileError, GSS_CODE, matchColumns, type ColumnSpec } from './ons-columns.js';
import { ChangeTally, codesInUse, type Keep, type ReleaseSummary } from './release.js';

/**
 * The ONS best-fit lookup from LSOAs (2021) to the areas that contain them, e.g. "LSOA
 * (2021) to Electoral Ward (2024) to LAD (2024) Best Fit Lookup in EW", with the MSOA,
 * county, Community Safety Partnership and police force area columns where the product
 * has them. One row per LSOA.
 *
 * The hub's areas are LSOAs, wards and local authority districts (table `area`); an
 * LSOA's MSOA, county, CSP and police force area go to `area_lookup`.
 */
export const LOOKUP_LAYOUT =
  'an ONS LSOA (2021) best-fit lookup (LSOAyyCD, LSOAyyNM, WDyyCD, WDyyNM, LADyyCD, LADyyNM)';

export const LOOKUP_COLUMNS: readonly ColumnSpec[] = [
  ...codeAndName('LSOA', 'lsoa', true, 'latest'),
  ...codeAndName('WD', 'ward', true),
  ...codeAndName('LAD', 'lad', true),
  ...codeAndName('MSOA', 'msoa', false),
  ...codeAndName('CTY', 'county', false),
  ...codeAndName('CSP', 'csp', false),
  ...codeAndName('PFA', 'pfa', false),
];

interface LookupRow {
  lsoa: string;
  lsoaName: string;
  ward: string;
  wardName: string;
  lad: string;
  ladName: string;
  msoa: string | null;
  msoaName: string | null;
  county: string | null;
  countyName: string | null;
  csp: string | null;
  cspName: string | null;
  pfa: string | null;
  pfaName: string | null;
}

interface AreaRow {
  code: string;
  name: string;
  level: 'LSOA' | 'WARD' | 'LOCAL_AUTHORITY';
  ward: string | null;
  la: string | null;
}

const LEVEL_NAMES = { LSOA: 'lsoa', WARD: 'ward', LOCAL_AUTHORITY: 'localAuthority' } as const;

/** Reads a lookup file, keeping the partnership's rows. */
async function readLookup(
  source: Readable,
  keep: Keep,
): Promise<{ rows: LookupRow[]; read: number; years: Record<string, number> }> {
  let cols: ReturnType<typeof matchColumns> | undefined;
  const rows: LookupRow[] = [];
  let read = 0;
  let line = 1;
  for await (const raw of csvRows(source)) {
    if (!cols) {
      cols = matchColumns(raw, LOOKUP_COLUMNS, LOOKUP_LAYOUT);
      if (cols.year.lsoaCode !== 2021)
        throw new GeographyFileError(
          `This lookup is keyed by ${cols.year.lsoaCode} LSOAs: the hub's areas are 2021 LSOAs. Load the LSOA (2021) lookup, and the LSOA (2011) to LSOA (2021) lookup for records sent with 2011 codes.`,
        );
      if (!keep.all) {
        const lacking = [...keep.codes].filter(
          (c) =>
            (/^[EW]22/.test(c) && cols!.index.cspCode === undefined) ||
            (/^(E23|W15)/.test(c) && cols!.index.pfaCode === undefined) ||
            (/^E10/.test(c) && cols!.index.countyCode === undefined),
        );
        if (lacking.length)
          throw new GeographyFileError(
            `The areas to keep include ${lacking.join(', ')}, but this file has no column for them (CSPyyCD for a Community Safety Partnership, PFAyyCD for a police force area, CTYyyCD for a county): keep by local authority codes instead, or load a lookup that has those columns.`,
          );
      }
      continue;
    }
    line++;
    read++;
    const v = (key: string): string | null => {
      const i = cols!.index[key];
      const s = i === undefined ? '' : (raw[i] ?? '').trim();
      return s === '' ? null : s;
    };
    const row: LookupRow = {
      lsoa: (v('lsoaCode') ?? '').toUpperCase(),
      lsoaName: v('lsoaName') ?? '',
      ward: (v('wardCode') ?? '').toUpperCase(),
      wardName: v('wardName') ?? '',
      lad: (v('ladCode') ?? '').toUpperCase(),
      ladName: v('ladName') ?? '',
      msoa: v('msoaCode')?.toUpperCase() ?? null,
      msoaName: v('msoaName'),
      county: v('countyCode')?.toUpperCase() ?? null,
      countyName: v('countyName'),
      csp: v('cspCode')?.toUpperCase() ?? null,
      cspName: v('cspName'),
      pfa: v('pfaCode')?.toUpperCase() ?? null,
      pfaName: v('pfaName'),
    };
    const bad = (['lsoa', 'ward', 'lad'] as const).find((k) => !GSS_CODE.test(row[k]));
    if (bad || !row.lsoaName || !row.wardName || !row.ladName)
      throw new GeographyFileError(
        `Line ${line}: ${bad ? `the ${bad === 'lad' ? 'local authority' : bad} code is not a GSS code` : 'a name is empty'}. Nothing was loaded.`,
      );
    if (keep.all || [row.lad, row.csp, row.pfa, row.county].some((c) => c !== null && keep.codes.has(c)))
      rows.push(row);
  }
  if (!cols) throw new GeographyFileError(`The file is empty: expected ${LOOKUP_LAYOUT}.`);
  return { rows, read, years: cols.year };
}

/** Loads a lookup release: the partnership's LSOAs, wards and local authorities, replacing the previous release. */
export async function importLookup(
  client: PoolClient,
  source: Readable,
  opts: { keep: Keep; release?: string | null },
): Promise<Omit<ReleaseSummary, 'kind' | 'fileName'>> {
  const { rows, read, years } = await readLookup(source, opts.keep);
  if (!rows.length)
    throw new GeographyFileError(
      read
        ? `None of the file's ${read} rows is in the areas to keep (${[...opts.keep.codes].join(', ')}): check the codes. Nothing was loaded.`
        : 'The file has a header but no rows. Nothing was loaded.',
    );
  const release = opts.release?.trim() || releaseName(years);
  const areas = releaseAreas(rows);
  const tally = new ChangeTally();
  const retire = await replaceAreas(client, areas, release, tally);
  await client.query(`delete from area_lookup`);
  await client.query(
    `insert into area_lookup (lsoa_code, msoa_code, msoa_name, county_code, county_name, csp_code, csp_name, pfa_code, pfa_name, release)
     select r.lsoa, r.msoa, r."msoaName", r.county, r."countyName", r.csp, r."cspName", r.pfa, r."pfaName", $2
       from jsonb_to_recordset($1::jsonb) as r(lsoa text, msoa text, "msoaName" text, county text, "countyName" text,
            csp text, "cspName" text, pfa text, "pfaName" text)`,
    [JSON.stringify(rows), release],
  );
  await refreshParentPopulations(client);

  const notes: string[] = [];
  if (opts.keep.all) notes.push('Kept every row of the file (--all).');
  else notes.push(`Kept the areas in ${[...opts.keep.codes].join(', ')}.`);
  if (retire) notes.push(`${retire} areas no longer in the release are retired, not deleted: records still use them.`);
  return {
    release,
    read,
    kept: rows.length,
    outside: read - rows.length,
    counts: tally.counts,
    codes: tally.codes,
    notes,
  };
}

/** A release named by the areas it has and their years, e.g. "LSOA21 WD24 LAD24". */
function releaseName(years: Record<string, number>): string {
  const yy = (k: string) => String(years[k] % 100).padStart(2, '0');
  return ['lsoa', 'msoa', 'ward', 'lad', 'county', 'csp', 'pfa']
    .filter((k) => years[`${k}Code`] !== undefined)
    .map((k) => `${k === 'ward' ? 'WD' : k.toUpperCase()}${yy(`${k}Code`)}`)
    .join(' ');
}

/** The areas of the release, parents before children; an LSOA listed twice is refused. */
function releaseAreas(rows: readonly LookupRow[]): Map<string, AreaRow> {
  const areas = new Map<string, AreaRow>();
  const duplicate = new Set<string>();
  for (const r of rows) {
    if (!areas.has(r.lad))
      areas.set(r.lad, { code: r.lad, name: r.ladName, level: 'LOCAL_AUTHORITY', ward: null, la: null });
    if (!areas.has(r.ward)) areas.set(r.ward, { code: r.ward, name: r.wardName, level: 'WARD', ward: null, la: r.lad });
    if (areas.has(r.lsoa)) duplicate.add(r.lsoa);
    areas.set(r.lsoa, { code: r.lsoa, name: r.lsoaName, level: 'LSOA', ward: r.ward, la: r.lad });
  }
  if (duplicate.size)
    throw new GeographyFileError(
      `The file lists ${[...duplicate].slice(0, 5).join(', ')} more than once (or as two kinds of area): a best-fit lookup has one row per LSOA. Nothing was loaded.`,
    );
  return areas;
}

/**
 * Writes the release's areas over the previous ones: areas it no longer has are retired
 * when records still use them, deleted otherwise. Tallies each change; returns how many
 * areas were retired.
 */
async function replaceAreas(
  client: PoolClient,
  areas: ReadonlyMap<string, AreaRow>,
  release: string,
  tally: ChangeTally,
): Promise<number> {
  const { rows: existing } = await client.query<AreaRow & { retired: boolean }>(
    `select code, name, level, ward_code as ward, local_authority_code as la, retired_at is not null as retired
       from area where level in ('LSOA', 'WARD', 'LOCAL_AUTHORITY') for update`,
  );
  const before = new Map(existing.map((a) => [a.code, a]));
  for (const a of areas.values()) {
    const level = LEVEL_NAMES[a.level];
    const old = before.get(a.code);
    if (!old) tally.add(`${level}.added`, a.code);
    else {
      if (old.retired) tally.add(`${level}.restored`, a.code);
      if (old.name !== a.name) tally.add(`${level}.renamed`, a.code);
      if (old.ward !== a.ward || old.la !== a.la) tally.add(`${level}.moved`, a.code);
      if (!old.retired && old.name === a.name && old.ward === a.ward && old.la === a.la)
        tally.add(`${level}.unchanged`);
    }
  }
  const gone = existing.filter((a) => !areas.has(a.code));
  const inUse = await codesInUse(
    client,
    gone.map((a) => a.code),
  );
  const retire = gone.filter((a) => inUse.has(a.code) && !a.retired);
  const remove = gone.filter((a) => !inUse.has(a.code));
  for (const a of retire) tally.add(`${LEVEL_NAMES[a.level]}.retired`, a.code);
  for (const a of gone.filter((x) => x.retired && inUse.has(x.code))) tally.add(`${LEVEL_NAMES[a.level]}.stillRetired`);
  for (const a of remove) tally.add(`${LEVEL_NAMES[a.level]}.removed`, a.code);

  await client.query(
    `insert into area (code, name, level, ward_code, local_authority_code, release, retired_at)
     select r.code, r.name, r.level::area_level, r.ward, r.la, $2, null
       from jsonb_to_recordset($1::jsonb) as r(code text, name text, level text, ward text, la text)
     on conflict (code) do update set name = excluded.name, level = excluded.level, ward_code = excluded.ward_code,
       local_authority_code = excluded.local_authority_code, release = excluded.release, retired_at = null`,
    [JSON.stringify([...areas.values()]), release],
  );
  if (retire.length)
    await client.query(`update area set retired_at = now() where code = any($1::text[])`, [retire.map((a) => a.code)]);
  if (remove.length) {
    // Children first: the 2011 lookup and boundaries cascade; wards and LSOAs name their parents by code only.
    await client.query(`delete from area where code = any($1::text[])`, [remove.map((a) => a.code)]);
  }
  return retire.length;
}

/** Wards and local authorities get the sum of their LSOAs' populations, where every LSOA has one. */
export async function refreshParentPopulations(client: Pick<PoolClient, 'query'>): Promise<void> {
  for (const column of ['ward_code', 'local_authority_code']) {
    await client.query(
      `update area p set population = s.total
         from (select ${column} as code, sum(population) as total, bool_and(population is not null) as complete
                 from area where level = 'LSOA' and retired_at is null and ${column} is not null group by ${column}) s
        where p.code = s.code and s.complete and p.population is distinct from s.total`,
    );
  }
}
