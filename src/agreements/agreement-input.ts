import { badInput } from '../auth/errors.js';
import type { FieldGrant, FieldGrants } from '../domain/grants.js';
import {
  Access,
  type AgreementStatus,
  LegalBasis,
  LOCATION_ORDER,
  Purpose,
  RecordField,
  TIME_ORDER,
  type LocationPrecision,
  type TimePrecision,
} from '../domain/vocabulary.js';

/*
 * What callers give the agreements service, and how it is checked and normalised before
 * anything is read or written: the terms of a draft or an edit, grants, dates, references.
 */

export interface GrantInput {
  field: RecordField;
  access: Access;
  precision?: LocationPrecision | TimePrecision | null;
}

export interface DraftAgreementInput {
  /** Omit to have one assigned (ISA-<year>-<nnn>). */
  reference?: string | null;
  title: string;
  /** Provider agency code. */
  provider: string;
  /** Dataset keys, all the provider's. */
  datasets: string[];
  /** Recipient agency codes. */
  recipients: string[];
  purposes: Purpose[];
  legalBasis: LegalBasis;
  /** Further bases the agreement cites beside legalBasis; section 16 of the 2022 Act needs one for health data. */
  additionalLegalBases?: LegalBasis[] | null;
  grants: GrantInput[];
  minCellSize?: number | null;
  validFrom: string;
  validTo: string;
  reviewDate: string;
}

/** What may change while an agreement is a draft; the provider may not (draft a new one). */
export type UpdateAgreementInput = Partial<Omit<DraftAgreementInput, 'reference' | 'provider'>>;

export interface AgreementFilter {
  statuses?: AgreementStatus[] | null;
  /** Agency code: agreements where it is the provider. */
  provider?: string | null;
  /** Agency code: agreements where it is a recipient. */
  recipient?: string | null;
  /** Dataset key. */
  dataset?: string | null;
  purpose?: Purpose | null;
}

export interface Options {
  requestId?: string;
  /** For tests and the CLI: the date the step is taken on (YYYY-MM-DD, UK). */
  today?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validDate(name: string, value: string): string {
  const v = value.trim();
  const d = new Date(`${v}T00:00:00Z`);
  if (!ISO_DATE.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw badInput(`${name} must be a date written YYYY-MM-DD, got "${value}".`, { field: name });
  }
  return v;
}

/** A reference as typed, and in capitals (references are written in capitals; older ones may not be). */
export function referenceForms(reference: string): string[] {
  const typed = reference.trim();
  return [...new Set([typed, typed.toUpperCase()])];
}

const LOCATION_FIELDS: readonly RecordField[] = [RecordField.LOCATION];
const TIME_FIELDS: readonly RecordField[] = [RecordField.TIME];

/** Turns grant inputs into the stored map, refusing anything ambiguous. */
export function normaliseGrants(input: readonly GrantInput[]): FieldGrants {
  const grants: FieldGrants = {};
  for (const g of input) {
    if (!Object.values(RecordField).includes(g.field))
      throw badInput(`Unknown field ${String(g.field)}.`, { field: 'grants' });
    if (!Object.values(Access).includes(g.access))
      throw badInput(`Unknown access ${String(g.access)} for ${g.field}.`, { field: 'grants' });
    if (grants[g.field]) throw badInput(`${g.field} is granted twice; give each field once.`, { field: 'grants' });
    const grains = LOCATION_FIELDS.includes(g.field)
      ? LOCATION_ORDER
      : TIME_FIELDS.includes(g.field)
        ? TIME_ORDER
        : null;
    if (g.access === Access.NONE) {
      grants[g.field] = { access: Access.NONE };
      continue;
    }
    if (grains === null) {
      if (g.precision) throw badInput(`${g.field} has no grains; leave its precision out.`, { field: 'grants' });
      grants[g.field] = { access: g.access };
      continue;
    }
    // The engine would read a missing grain as the coarsest; an agreement should say.
    if (!g.precision)
      throw badInput(`State the finest grain of ${g.field} shared: one of ${grains.join(', ')}.`, { field: 'grants' });
    if (!(grains as readonly string[]).includes(g.precision)) {
      throw badInput(`${g.precision} is not a grain of ${g.field}; use one of ${grains.join(', ')}.`, {
        field: 'grants',
      });
    }
    grants[g.field] = { access: g.access, precision: g.precision } as FieldGrant;
  }
  if (!Object.values(grants).some((g) => g.access !== Access.NONE)) {
    throw badInput('The agreement grants no field; grant at least one field at AGGREGATE or RECORD.', {
      field: 'grants',
    });
  }
  return grants;
}

/** The terms of a draft (or a draft as edited), checked and normalised; the legal bases are checked against the datasets separately (requireBasesCover). */
export function normaliseTerms(input: DraftAgreementInput) {
  const title = input.title.trim();
  if (!title || title.length > 300) throw badInput('A title is 1 to 300 characters.', { field: 'title' });
  const purposes = [...new Set(input.purposes)];
  if (purposes.length === 0)
    throw badInput(`Name at least one purpose: ${Object.values(Purpose).join(', ')}.`, { field: 'purposes' });
  const unknown = purposes.filter((p) => !Object.values(Purpose).includes(p));
  if (unknown.length) throw badInput(`Unknown purposes: ${unknown.join(', ')}.`, { field: 'purposes' });
  if (!Object.values(LegalBasis).includes(input.legalBasis))
    throw badInput(`Unknown legal basis ${String(input.legalBasis)}.`, { field: 'legalBasis' });
  const additional = [...new Set(input.additionalLegalBases ?? [])];
  const unknownBases = additional.filter((b) => !Object.values(LegalBasis).includes(b));
  if (unknownBases.length)
    throw badInput(`Unknown legal basis ${unknownBases.map(String).join(', ')}.`, { field: 'additionalLegalBases' });
  const minCellSize = input.minCellSize ?? 10;
  if (!Number.isInteger(minCellSize) || minCellSize < 1 || minCellSize > 1000) {
    throw badInput('minCellSize is a whole number from 1 to 1000 (aggregate cells below it are suppressed).', {
      field: 'minCellSize',
    });
  }
  const validFrom = validDate('validFrom', input.validFrom);
  const validTo = validDate('validTo', input.validTo);
  const reviewDate = validDate('reviewDate', input.reviewDate);
  if (validTo < validFrom) throw badInput('validTo must not be before validFrom.', { field: 'validTo' });
  if (reviewDate < validFrom) throw badInput('reviewDate must not be before validFrom.', { field: 'reviewDate' });
  return {
    title,
    purposes,
    legalBasis: input.legalBasis,
    additionalLegalBases: additional.filter((b) => b !== input.legalBasis),
    grants: normaliseGrants(input.grants),
    minCellSize,
    validFrom,
    validTo,
    reviewDate,
  };
}
