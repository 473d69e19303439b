import { formatDate, humanise } from '../lib/format';
import { isPurpose, purposeLabel } from '../lib/purpose';

/** The terms of an agreement that its digest covers (and the title), in one shape for the API's agreement and an audit snapshot. */
export interface Terms {
  title: string;
  provider: string;
  datasets: string[];
  recipients: string[];
  purposes: string[];
  legalBasis: string;
  /** Further bases cited beside legalBasis (sorted); absent in snapshots taken before agreements could cite several. */
  additionalLegalBases?: string[];
  grants: { field: string; access: string; precision?: string | null }[];
  minCellSize: number;
  validFrom: string;
  validTo: string;
  reviewDate: string;
}

export interface AgreementLike {
  title: string;
  provider: { code: string; name?: string };
  datasets: { key: string; name?: string }[];
  recipients: { code: string; name?: string }[];
  purposes: string[];
  legalBasis: string;
  additionalLegalBases?: readonly string[];
  grants: { field: string; access: string; precision?: string | null }[];
  minCellSize: number;
  validFrom: string;
  validTo: string;
  reviewDate: string;
}

export function termsOf(a: AgreementLike): Terms {
  return {
    title: a.title,
    provider: a.provider.code,
    datasets: a.datasets.map((d) => d.key).sort(),
    recipients: a.recipients.map((r) => r.code).sort(),
    purposes: [...a.purposes].sort(),
    legalBasis: a.legalBasis,
    additionalLegalBases: [...(a.additionalLegalBases ?? [])].sort(),
    grants: a.grants.map((g) => ({ field: g.field, access: g.access, precision: g.precision ?? null })),
    minCellSize: a.minCellSize,
    validFrom: a.validFrom,
    validTo: a.validTo,
    reviewDate: a.reviewDate,
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const strs = (v: unknown) => (Array.isArray(v) ? v.map(str).sort() : []);

/** A snapshot's grants: a list of { field, access, precision }, or an object keyed by field (as the trail stores them). */
function grantsOfSnapshot(g: unknown): Terms['grants'] {
  const one = (field: string, x: Record<string, unknown>) => ({
    field,
    access: str(x.access),
    precision: x.precision ? str(x.precision) : null,
  });
  if (Array.isArray(g)) return (g as Record<string, unknown>[]).map((x) => one(str(x.field), x));
  if (g && typeof g === 'object')
    return Object.entries(g as Record<string, Record<string, unknown>>).map(([field, x]) => one(field, x ?? {}));
  return [];
}

/** Whether an admin event is about this agreement (its references, or the reference in its snapshots). */
export function concernsAgreement(
  e: { agreementReferences?: string[]; details?: Record<string, unknown> | null },
  reference: string,
): boolean {
  if (e.agreementReferences?.includes(reference)) return true;
  const ref = (x: unknown) => (x && typeof x === 'object' ? (x as { reference?: unknown }).reference : undefined);
  return ref(e.details?.after) === reference || ref(e.details?.before) === reference;
}

/** The terms in an audit event's snapshot (`details.before` / `details.after`); null when it holds none. */
export function termsOfSnapshot(s: unknown): (Terms & { termsDigest: string | null; status: string | null }) | null {
  if (!s || typeof s !== 'object') return null;
  const o = s as Record<string, unknown>;
  if (!('grants' in o) && !('purposes' in o)) return null;
  return {
    title: str(o.title),
    provider: str(o.providerCode),
    datasets: strs(o.datasets),
    recipients: strs(o.recipientCodes),
    purposes: strs(o.purposes),
    legalBasis: str(o.legalBasis),
    additionalLegalBases: strs(o.additionalLegalBases),
    grants: grantsOfSnapshot(o.grants),
    minCellSize: Number(o.minCellSize ?? 0),
    validFrom: str(o.validFrom),
    validTo: str(o.validTo),
    reviewDate: str(o.reviewDate),
    termsDigest: o.termsDigest ? str(o.termsDigest) : null,
    status: o.status ? str(o.status) : null,
  };
}

export const LEGAL_BASIS: Record<string, string> = {
  S17A_DUTY: 'the duty to share under section 17A of the Crime and Disorder Act 1998',
  S115_POWER: 'the power to share under section 115 of the Crime and Disorder Act 1998',
  PCSC_S16_SVD:
    'the power to disclose for the Serious Violence Duty under section 16 of the Police, Crime, Sentencing and Courts Act 2022',
  OTHER: 'another legal basis (see the agreement document)',
};

const FIELD: Record<string, string> = {
  CATEGORY: 'Category (and subcategory)',
  TIME: 'Time',
  LOCATION: 'Location',
  AGE_BAND: 'Age band',
  SEX: 'Sex',
  DETAILS: 'Coded details',
};

const GRAIN: Record<string, string> = {
  MINUTE: 'to the minute',
  HOUR: 'to the hour',
  DAY: 'to the day',
  MONTH: 'to the month',
  GRID_100M: 'to a 100 m grid square',
  LSOA: 'to the LSOA (small area)',
  OUTWARD_POSTCODE: 'to the outward postcode (e.g. RV1)',
  WARD: 'to the ward',
  LOCAL_AUTHORITY: 'to the local authority',
};

export function fieldName(field: string): string {
  return FIELD[field] ?? humanise(field);
}

/** One grant in words: "Time: record level, to the hour". */
export function grantInWords(g: { field: string; access: string; precision?: string | null }): string {
  const access = g.access === 'RECORD' ? 'record level' : g.access === 'AGGREGATE' ? 'counts only' : 'not shared';
  const grain =
    g.access !== 'NONE' && g.precision ? `, ${GRAIN[g.precision] ?? humanise(g.precision).toLowerCase()}` : '';
  return `${fieldName(g.field)}: ${access}${grain}`;
}

export function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Every legal basis an agreement cites: the first, then the others. */
export function legalBasesOf(a: { legalBasis: string; additionalLegalBases?: readonly string[] }): string[] {
  return [a.legalBasis, ...(a.additionalLegalBases ?? []).filter((b) => b !== a.legalBasis)];
}

export function legalBasisInWords(b: string): string {
  return LEGAL_BASIS[b] ?? humanise(b).toLowerCase();
}

export function purposeInWords(p: string): string {
  return isPurpose(p) ? purposeLabel(p).toLowerCase() : humanise(p).toLowerCase();
}

/** The terms as sentences a liaison officer can check: who receives what, at which level, for what, until when. */
export function termsInWords(a: AgreementLike): string[] {
  const name = (x: { code: string; name?: string }) => x.name ?? x.code;
  const datasets = a.datasets.map((d) => d.name ?? d.key);
  const shared = a.grants.filter((g) => g.access !== 'NONE');
  const records = shared.filter((g) => g.access === 'RECORD');
  const level =
    shared.length === 0
      ? 'nothing'
      : records.some((g) => g.field === 'CATEGORY')
        ? 'records and counts'
        : 'counts only';
  return [
    `${name(a.provider)} shares ${listInWords(datasets)} with ${listInWords(a.recipients.map(name))}: ${level}.`,
    `For ${listInWords(a.purposes.map(purposeInWords))} only, under ${listInWords(legalBasesOf(a).map(legalBasisInWords))}.`,
    ...(shared.length
      ? [`Fields shared: ${shared.map((g) => grantInWords(g).replace(/^./, (c) => c.toLowerCase())).join('; ')}.`]
      : []),
    `Every other field is not shared.`,
    `Counts drawn from ${name(a.provider)}’s data below ${a.minCellSize} are suppressed.`,
    `In force from ${formatDate(a.validFrom)} to ${formatDate(a.validTo)}, if accepted by every recipient, and only until its review date, ${formatDate(a.reviewDate)}, unless reviewed.`,
  ];
}

export interface Change {
  what: string;
  before: string;
  after: string;
}

const joinOr = (xs: string[], none = 'none') => (xs.length ? xs.join(', ') : none);

/** What changed from one version of the terms to another, term by term and field by field. */
export function diffTerms(before: Terms, after: Terms): Change[] {
  const changes: Change[] = [];
  const add = (what: string, b: string, a: string) => {
    if (b !== a) changes.push({ what, before: b, after: a });
  };
  add('Title', before.title, after.title);
  add('Provider', before.provider, after.provider);
  add('Datasets', joinOr(before.datasets), joinOr(after.datasets));
  add('Recipients', joinOr(before.recipients), joinOr(after.recipients));
  add('Purposes', joinOr(before.purposes.map(purposeInWords)), joinOr(after.purposes.map(purposeInWords)));
  add('Legal basis', joinOr(legalBasesOf(before).map(humanise)), joinOr(legalBasesOf(after).map(humanise)));
  const grant = (t: Terms, field: string) => {
    const g = t.grants.find((x) => x.field === field);
    return g ? grantInWords(g).replace(/^[^:]+: /, '') : 'not shared';
  };
  const fields = [...new Set([...before.grants, ...after.grants].map((g) => g.field))];
  for (const f of fields) add(fieldName(f), grant(before, f), grant(after, f));
  add('Minimum cell size', String(before.minCellSize), String(after.minCellSize));
  add('Valid from', formatDate(before.validFrom), formatDate(after.validFrom));
  add('Valid to', formatDate(before.validTo), formatDate(after.validTo));
  add('Review date', formatDate(before.reviewDate), formatDate(after.reviewDate));
  return changes;
}

/** The digest a person last opened, per agreement, in this browser. */
export const SEEN_KEY = (reference: string) => `hub.agreement-seen.${reference}`;

export function readSeen(reference: string): string | null {
  try {
    return localStorage.getItem(SEEN_KEY(reference));
  } catch {
    return null;
  }
}

export function rememberSeen(reference: string, digest: string) {
  try {
    localStorage.setItem(SEEN_KEY(reference), digest);
  } catch {
    /* storage may be off */
  }
}

export interface Version {
  at: string;
  action: string;
  terms: Terms & { termsDigest: string | null };
}

/**
 * The version to compare the current terms with: the one with the digest last seen here
 * when known and different; else the version before the current digest. Versions oldest first.
 */
export function baseline(
  versions: Version[],
  currentDigest: string,
  seen: string | null,
): { version: Version; reason: 'seen' | 'previous' } | null {
  if (seen && seen !== currentDigest) {
    const v = [...versions].reverse().find((x) => x.terms.termsDigest === seen);
    if (v) return { version: v, reason: 'seen' };
  }
  if (seen === currentDigest) return null;
  const earlier = [...versions].reverse().find((x) => x.terms.termsDigest && x.terms.termsDigest !== currentDigest);
  return earlier ? { version: earlier, reason: 'previous' } : null;
}
