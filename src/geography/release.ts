import type { PoolClient } from 'pg';
import { GeographyFileError, GSS_CODE } from './ons-columns.js';

/** The kinds of Office for National Statistics file the hub loads. */
export const GEOGRAPHY_FILE_KINDS = ['LOOKUP', 'LSOA_2011', 'POPULATION', 'BOUNDARIES'] as const;
export type GeographyFileKind = (typeof GEOGRAPHY_FILE_KINDS)[number];

/** What a release changed, for the administrator and the audit trail. */
export interface ReleaseSummary {
  kind: GeographyFileKind;
  /** The release, as read from the file (its columns' years) or as named by the administrator. */
  release: string;
  fileName: string | null;
  /** Rows or features read from the file, and how many of them the hub kept. */
  read: number;
  kept: number;
  /** Rows or features outside the areas kept. */
  outside: number;
  /** Counts per change (added, renamed, retired...), per level where that applies. */
  counts: Record<string, number>;
  /** Up to 50 codes per change, for the administrator to check. */
  codes: Record<string, string[]>;
  /** Anything the administrator should know (e.g. the CRS detected, the year loaded). */
  notes: string[];
}

export const SAMPLE_CODES = 50;

/** Collects codes per change, keeping counts exact and the lists short. */
export class ChangeTally {
  readonly counts: Record<string, number> = {};
  readonly codes: Record<string, string[]> = {};

  add(change: string, code?: string): void {
    this.counts[change] = (this.counts[change] ?? 0) + 1;
    if (code !== undefined) {
      const list = (this.codes[change] ??= []);
      if (list.length < SAMPLE_CODES) list.push(code);
    }
  }
}

/**
 * The areas a partnership keeps, by the codes of what contains them: Community Safety
 * Partnerships (E22/W22), local authority districts (E06-E09, W06), counties (E10) or
 * police force areas (E23, W15). `all` keeps every row of the file.
 */
export interface Keep {
  all: boolean;
  codes: ReadonlySet<string>;
}

/** The hub setting (hub_meta) that remembers which areas the partnership keeps. */
export const KEEP_SETTING = 'geography.keep';

const KEEPABLE = /^(E(0[6-9]|10|22|23)|W(06|15|22))\d{6}$/;

/** Parses keep codes ("E22000123, E07000001"), refusing anything but area codes that contain LSOAs. */
export function parseKeepCodes(values: readonly string[]): string[] {
  const codes = [
    ...new Set(
      values
        .flatMap((v) => v.split(/[\s,]+/))
        .map((v) => v.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  const bad = codes.filter((c) => !GSS_CODE.test(c) || !KEEPABLE.test(c));
  if (bad.length)
    throw new GeographyFileError(
      `Not the code of a Community Safety Partnership (E22/W22), local authority district (E06-E09, W06), county (E10) or police force area (E23, W15): ${bad.slice(0, 10).join(', ')}.`,
    );
  return codes;
}

/** The keep setting stored in the hub, or null. */
export async function storedKeep(client: Pick<PoolClient, 'query'>): Promise<string[] | null> {
  const { rows } = await client.query<{ value: { codes?: string[] } }>(`select value from hub_meta where key = $1`, [
    KEEP_SETTING,
  ]);
  return rows[0]?.value.codes ?? null;
}

/** What to keep: the codes given, else the stored setting, else (without --all) a refusal. */
export async function resolveKeep(
  client: Pick<PoolClient, 'query'>,
  opts: { keep?: readonly string[] | null; all?: boolean | null },
): Promise<Keep> {
  if (opts.all) return { all: true, codes: new Set() };
  const given = opts.keep?.length ? parseKeepCodes(opts.keep) : null;
  const codes = given ?? (await storedKeep(client));
  if (!codes?.length)
    throw new GeographyFileError(
      'Say which areas the partnership keeps: --keep with its Community Safety Partnership, local authority or police force area codes (or store them with `npx hub geography keep <codes>`), or --all to keep the whole file.',
    );
  return { all: false, codes: new Set(codes) };
}

/**
 * Which of these area codes records still use (the analytics roll-up holds every
 * record's LSOA, ward and local authority, kept exact by triggers): such areas are
 * retired, never deleted.
 */
export async function codesInUse(client: Pick<PoolClient, 'query'>, codes: readonly string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const { rows } = await client.query<{ code: string }>(
    `select distinct v.code from analytics_month m
       cross join lateral (values (m.lsoa_code), (m.ward_code), (m.local_authority_code)) as v(code)
      where v.code = any($1::text[])`,
    [codes],
  );
  return new Set(rows.map((r) => r.code));
}
