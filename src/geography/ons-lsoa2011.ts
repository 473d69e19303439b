import type { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { codeAndName, csvRows, GeographyFileError, GSS_CODE, matchColumns, type ColumnSpec } from './ons-columns.js';
import type { LsoaParents } from '../ingest/row-mapper.js';
import { ChangeTally, type ReleaseSummary } from './release.js';

/**
 * The ONS "LSOA (2011) to LSOA (2021) to Local Authority District (2022) Best Fit Lookup
 * for EW": one row per pair of a 2011 LSOA and a 2021 LSOA it became, with `CHGIND`:
 * U unchanged, S split (one 2011 LSOA became several 2021 ones: one row each), M merged
 * (several 2011 LSOAs became one 2021 LSOA), X redrawn in a way neither describes.
 *
 * The rule for a record sent with a 2011 code: a 2011 LSOA with exactly one 2021
 * successor (unchanged, merged, or redrawn into one) lands in that 2021 LSOA; one with
 * several (split) is ambiguous, and the row is refused at LSOA level with a message
 * asking for the 2021 code (rule LSOA_SPLIT), because placing it in any one of the
 * pieces, or in their ward, would claim a precision the sender did not give.
 */
export const LSOA_2011_LAYOUT =
  'the ONS LSOA (2011) to LSOA (2021) lookup (LSOA11CD, LSOA11NM, LSOA21CD, LSOA21NM, CHGIND)';

export const LSOA_2011_COLUMNS: readonly ColumnSpec[] = [
  ...codeAndName('LSOA', 'old', true, 'earliest'),
  ...codeAndName('LSOA', 'new', true, 'latest'),
  { key: 'change', pattern: /^CHGIND$/i, label: 'CHGIND', required: true },
];

const CHANGES = new Set(['U', 'S', 'M', 'X']);

export async function importLsoa2011(
  client: PoolClient,
  source: Readable,
  opts: { release?: string | null },
): Promise<Omit<ReleaseSummary, 'kind' | 'fileName'>> {
  const { rows: known } = await client.query<{ code: string }>(`select code from area where level = 'LSOA'`);
  const kept = new Set(known.map((r) => r.code));
  if (!kept.size) throw new GeographyFileError('The hub has no LSOAs yet: load the LSOA (2021) best-fit lookup first.');
  let cols: ReturnType<typeof matchColumns> | undefined;
  const pairs = new Map<string, { old: string; oldName: string | null; code: string; change: string }>();
  let read = 0;
  let line = 1;
  for await (const raw of csvRows(source)) {
    if (!cols) {
      cols = matchColumns(raw, LSOA_2011_COLUMNS, LSOA_2011_LAYOUT);
      if (cols.year.oldCode >= cols.year.newCode)
        throw new GeographyFileError(
          `The file is not in the layout of ${LSOA_2011_LAYOUT}: it needs the codes of two LSOA releases (e.g. LSOA11CD and LSOA21CD), and has only LSOA${cols.year.oldCode % 100}CD.`,
        );
      if (cols.year.newCode !== 2021)
        throw new GeographyFileError(
          `This lookup leads to ${cols.year.newCode} LSOAs: the hub's areas are 2021 LSOAs.`,
        );
      continue;
    }
    line++;
    read++;
    const at = (key: string) => (raw[cols!.index[key]] ?? '').trim();
    const old = at('oldCode').toUpperCase();
    const code = at('newCode').toUpperCase();
    const change = at('change').toUpperCase();
    if (!GSS_CODE.test(old) || !GSS_CODE.test(code))
      throw new GeographyFileError(`Line ${line}: an LSOA code is not a GSS code. Nothing was loaded.`);
    if (!CHANGES.has(change))
      throw new GeographyFileError(
        `Line ${line}: CHGIND must be U (unchanged), S (split), M (merged) or X (redrawn). Nothing was loaded.`,
      );
    if (kept.has(code)) pairs.set(`${old}|${code}`, { old, oldName: at('oldName') || null, code, change });
  }
  if (!cols) throw new GeographyFileError(`The file is empty: expected ${LSOA_2011_LAYOUT}.`);
  if (!pairs.size)
    throw new GeographyFileError(
      read
        ? `None of the file's ${read} rows leads to an LSOA the hub keeps. Nothing was loaded.`
        : 'The file has a header but no rows. Nothing was loaded.',
    );

  const release = opts.release?.trim() || `LSOA${cols.year.oldCode % 100} to LSOA${cols.year.newCode % 100}`;
  const tally = new ChangeTally();
  const successors = new Map<string, number>();
  for (const p of pairs.values()) successors.set(p.old, (successors.get(p.old) ?? 0) + 1);
  for (const p of pairs.values()) tally.add(`change.${p.change}`);
  for (const [old, n] of successors) {
    if (n > 1) tally.add('lsoa2011.split', old);
    else tally.add('lsoa2011.mapped');
  }
  const { rows: previous } = await client.query<{ n: string }>(`select count(*) as n from lsoa_2011_successor`);
  tally.counts.replaced = Number(previous[0].n);
  await client.query(`delete from lsoa_2011_successor`);
  await client.query(
    `insert into lsoa_2011_successor (lsoa11_code, lsoa11_name, lsoa21_code, change, release)
     select r.old, r."oldName", r.code, r.change, $2 from jsonb_to_recordset($1::jsonb) as r(old text, "oldName" text, code text, change text)`,
    [JSON.stringify([...pairs.values()]), release],
  );
  return {
    release,
    read,
    kept: pairs.size,
    outside: read - pairs.size,
    counts: tally.counts,
    codes: tally.codes,
    notes: [
      'Records sent with a 2011 code land in its 2021 LSOA when it has exactly one; a 2011 LSOA that was split is refused at LSOA level (send its 2021 code).',
    ],
  };
}

/** How the ingest treats a 2011 LSOA code: the 2021 LSOA it lands in, or split (ambiguous). */
export interface Lsoa2011Mapping {
  code: string;
  successor: string | null;
  split: boolean;
}

/**
 * The 2011 LSOA codes that are not also 2021 codes, with their one 2021 successor among
 * the hub's current LSOAs, or marked split when they have several.
 */
export async function lsoa2011Mappings(client: Pick<PoolClient, 'query'>): Promise<Lsoa2011Mapping[]> {
  const { rows } = await client.query<{ code: string; successor: string; n: number }>(
    `select s.lsoa11_code as code, min(s.lsoa21_code) as successor, count(*)::int as n
       from lsoa_2011_successor s join area a on a.code = s.lsoa21_code and a.retired_at is null
      where not exists (select 1 from area x where x.code = s.lsoa11_code and x.level = 'LSOA' and x.retired_at is null)
      group by s.lsoa11_code`,
  );
  return rows.map((r) => ({ code: r.code, successor: r.n === 1 ? r.successor : null, split: r.n > 1 }));
}

/** Adds the 2011 LSOA codes to the ingest's map of LSOAs (2021 codes and their parents). */
export async function withLsoa2011Codes(
  client: Pick<PoolClient, 'query'>,
  lsoas: Map<string, LsoaParents>,
): Promise<Map<string, LsoaParents>> {
  for (const m of await lsoa2011Mappings(client)) {
    const target = m.successor ? lsoas.get(m.successor) : undefined;
    if (m.split) lsoas.set(m.code, { ward: null, localAuthority: null, outward: null, split: true });
    else if (target) lsoas.set(m.code, { ...target, lsoa2021: m.successor! });
  }
  return lsoas;
}
