import { plainJson } from './audit-event.js';

/**
 * Secrets never enter the audit trail. Names that look like secrets are blanked, and so
 * are values shaped like the hub's credentials, whatever they are called.
 */

export const REDACTED = '[redacted]';

/** Member names whose values are secret or key material. Errs on the side of blanking. */
export const SECRET_NAME =
  /pass(word|phrase)?$|password|secret|hash|token|salt|credential|private.?key|api.?key|key.?material|signing.?key|^key$|^.+Key$/i;

const SECRET_VALUE = [
  /^hubk_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}$/, // a whole API key (the prefix alone is public)
  /^\$argon2(id|i|d)\$/, // a password hash
  /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, // a bearer token (JWT)
];

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

function redactValue(value: unknown, changedPaths: Set<string>, other: unknown, path: string): unknown {
  if (typeof value === 'string') return SECRET_VALUE.some((re) => re.test(value)) ? REDACTED : value;
  if (Array.isArray(value))
    return value.map((v, i) =>
      redactValue(v, changedPaths, Array.isArray(other) ? other[i] : undefined, `${path}[${i}]`),
    );
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const otherObj =
      other && typeof other === 'object' && !Array.isArray(other) ? (other as Record<string, unknown>) : undefined;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      if (looksSecret(k)) {
        out[k] = v === null ? null : REDACTED;
        if (otherObj && JSON.stringify(otherObj[k] ?? null) !== JSON.stringify(v ?? null)) changedPaths.add(p);
      } else {
        out[k] = redactValue(v, changedPaths, otherObj?.[k], p);
      }
    }
    return out;
  }
  return value;
}

/**
 * Blanks secrets in the before and after images of an administrative change. Which
 * secret members changed (a password reset, a rotated key) is itself recorded, by name.
 */
export function redactChange(
  before: unknown,
  after: unknown,
): { before: unknown; after: unknown; secretsChanged: string[] } {
  const b = plainJson(before);
  const a = plainJson(after);
  const changed = new Set<string>();
  const rb = redactValue(b, changed, a, '');
  const ra = redactValue(a, changed, b, '');
  return { before: rb, after: ra, secretsChanged: [...changed].sort() };
}

/** Blanks secrets in any object (e.g. GraphQL variables before they are hashed). */
export function redactSecrets(value: unknown): unknown {
  return redactValue(plainJson(value), new Set(), undefined, '');
}

/**
 * What one agency owns, for trimming the trail to its part: a liaison officer sees every
 * event that touched their agency's data, but not which other agencies' datasets or
 * agreements the same operation used.
 */
export interface AgencyView {
  agencyId: string;
  agencyCode: string | null;
  /** Keys of the agency's own datasets. */
  datasets: ReadonlySet<string>;
  /** Ids of the agreements under which the agency provides data. */
  agreements: ReadonlySet<string>;
}

interface Trimmable {
  datasets: string[];
  agreements: string[];
  concerns: string[];
  concerning: string[];
  hash: string;
  prevHash: string;
  documentHash: string | null;
  variablesHash: string | null;
}

/**
 * An event as one agency's liaison officer may read it: datasets and agreements limited
 * to the agency's own (an unknown key or id counts as another agency's), and the agencies
 * concerned limited to the agency itself. `redacted` says whether anything was removed;
 * a redacted event carries no hashes (they would let the reader test guesses at what was
 * removed), and only the whole trail verifies.
 */
export function trimToAgency<E extends Trimmable>(e: E, view: AgencyView): E & { redacted: boolean } {
  const datasets = e.datasets.filter((k) => view.datasets.has(k));
  const agreements = e.agreements.filter((id) => view.agreements.has(id));
  const concerns = e.concerns.filter((id) => id === view.agencyId);
  const concerning = view.agencyCode && e.concerning.includes(view.agencyCode) ? [view.agencyCode] : [];
  const redacted =
    datasets.length !== e.datasets.length ||
    agreements.length !== e.agreements.length ||
    concerns.length !== e.concerns.length ||
    concerning.length !== e.concerning.length;
  if (!redacted) return { ...e, redacted };
  // The hashes cover the whole event, document and variables: a reader could confirm a
  // guess at the parts removed (dataset keys are few) by hashing it. Blank them.
  return {
    ...e,
    datasets,
    agreements,
    concerns,
    concerning,
    redacted,
    hash: '',
    prevHash: '',
    documentHash: null,
    variablesHash: null,
  };
}
