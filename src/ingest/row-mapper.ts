import { londonMonth } from '../domain/uk-time.js';
import type { ResolvedHeader } from './header.js';
import { recordLineWriter } from './record-copy-line.js';
import { mapCategory } from './row-category.js';
import { mapDetails, mapPerson } from './row-details.js';
import { readFields } from './row-fields.js';
import { mapLocation } from './row-location.js';
import { RowMapping, type FreeTextNote } from './row-mapping.js';
import type { RowProblem } from './row-rules.js';
import { mapTime } from './row-time.js';
import { type DatasetTemplate } from './template.js';

/** Ward, local authority and outward code of an LSOA, from the hub's area table. */
export interface LsoaParents {
  ward: string | null;
  localAuthority: string | null;
  outward: string | null;
  /** For a 2011 LSOA code: the one 2021 LSOA it lands in (src/geography/ons-lsoa2011.ts). */
  lsoa2021?: string;
  /** For a 2011 LSOA code split into several 2021 LSOAs: ambiguous, refused (LSOA_SPLIT). */
  split?: boolean;
}

export interface MapperContext {
  template: DatasetTemplate;
  header: ResolvedHeader;
  datasetId: string;
  agencyId: string;
  batchId: string;
  /** Keyed hash of a reference (HMAC with the hub's secret, namespaced by dataset). */
  hash: (value: string) => Buffer;
  lsoas: ReadonlyMap<string, LsoaParents>;
  /** Rows dated after this instant are refused as in the future. */
  notAfterMs: number;
  /** A declared submission period: rows dated outside it are refused. */
  period?: { fromMs: number; toMs: number; label: string; /** e.g. "2026-01-01 to 2026-03-31" */ span?: string };
}

/** A row ready to be written: its COPY line for shared_record and what the batch accounts. */
export interface MappedRow {
  sourceHash: Buffer;
  /** A COPY text-format line (no newline) in the column order of RECORD_COPY_COLUMNS. */
  line: string;
  /** London calendar month of occurred_at, "YYYY-MM". */
  month: string;
  occurredMs: number;
  /** 0: no free text; 1: reduced to a code; 2: dropped without a code. */
  freeText: 0 | 1 | 2;
}

/**
 * Compiles a template and a resolved header into a function that turns one row's fields
 * into a record line, or into the reasons it is refused. Nothing of a refused value is
 * ever kept: reasons are fixed texts naming the column.
 */
export type RowMapper = ((fields: readonly string[]) => MappedRow | RowProblem[]) & {
  /** Notes on the row just mapped (accepted or not): free text dropped, and what it seemed to hold. */
  readonly notes: readonly FreeTextNote[];
};

export function compileRowMapper(ctx: MapperContext): RowMapper {
  const d = new RowMapping(ctx);
  const writeLine = recordLineWriter(ctx.datasetId, ctx.agencyId, d.kind, ctx.batchId);
  const hash = ctx.hash;

  const mapper = (fields: readonly string[]): MappedRow | RowProblem[] => {
    if (d.notes.length) d.notes.length = 0;
    const refused = readFields(d, fields);
    if (refused) return refused;

    // References: hashed, never kept.
    const source = d.get(d.iSource);
    if (source === '') d.bad(d.iSource, 'REQUIRED');
    const subject = d.get(d.iSubject);

    mapCategory(d);
    mapTime(d);
    mapLocation(d);
    mapPerson(d);
    mapDetails(d);
    if (d.problems.length) return d.problems;

    const sourceHash = hash(source);
    const subjectHash = subject === '' ? null : hash(subject);
    const line = writeLine(d, sourceHash, subjectHash);
    return { sourceHash, line, month: londonMonth(d.occurred), occurredMs: d.occurred, freeText: d.freeText };
  };
  return Object.assign(mapper, { notes: d.notes as readonly FreeTextNote[] });
}
