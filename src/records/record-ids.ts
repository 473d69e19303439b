import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { badInput } from '../auth/errors.js';

/** A filter in one form: members sorted, lists sorted, empty members dropped, dates as ISO strings. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).sort();
  if (value instanceof Date) return value.toISOString();
  if (!value || typeof value !== 'object') return value;
  const kept = Object.entries(value).filter(
    ([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0),
  );
  return Object.fromEntries(kept.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
}

/**
 * What a caller sees of a record's identity. The database's row id would let a caller
 * join what two purposes grant (LSOA under one, the hour under another) on the same
 * record, and its gaps would show how many records other agencies imported and when. So:
 *
 * - a record's `id` is a keyed hash of the row id with the caller's agency and purpose:
 *   stable across pages and requests for that agency and purpose (to de-duplicate), and
 *   unlinkable across purposes or agencies;
 * - a page cursor is the row id encrypted (AES-256-GCM, fresh nonce) and bound to the
 *   agency, purpose and filter: opaque, and useless under another purpose or filter.
 *
 * Both keys are derived from the hub's pseudonym key.
 */
export class RecordIds {
  private readonly idKey: Buffer;
  private readonly cursorKey: Buffer;

  constructor(secret: string) {
    this.idKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'community-safety-hub/record-ids/v1', 32));
    this.cursorKey = Buffer.from(
      hkdfSync('sha256', secret, Buffer.alloc(0), 'community-safety-hub/record-cursors/v1', 32),
    );
  }

  /** The scope ids and cursors are bound to. */
  static scope(agencyId: string, purpose: string | undefined): string {
    return `${agencyId}|${purpose ?? '-'}`;
  }

  /**
   * What a page cursor is bound to: the agency and purpose, and the query's filter (in a
   * canonical form, so that the order of its members or lists does not matter).
   */
  static cursorScope(scope: string, filter: object): string {
    return `${scope}|${JSON.stringify(canonical(filter))}`;
  }

  publicId(scope: string, rowId: string): string {
    return (
      'r' +
      createHmac('sha256', this.idKey)
        .update(scope)
        .update('\0')
        .update(rowId)
        .digest()
        .subarray(0, 15)
        .toString('base64url')
    );
  }

  cursor(scope: string, rowId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.cursorKey, iv).setAAD(Buffer.from(scope));
    const body = Buffer.alloc(8);
    body.writeBigUInt64BE(BigInt(rowId));
    return Buffer.concat([iv, cipher.update(body), cipher.final(), cipher.getAuthTag()]).toString('base64url');
  }

  /** The row id behind a cursor this scope was given; BAD_USER_INPUT for anything else. */
  rowIdOf(scope: string, cursor: string): string {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length === 12 + 8 + 16) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', this.cursorKey, raw.subarray(0, 12)).setAAD(
          Buffer.from(scope),
        );
        decipher.setAuthTag(raw.subarray(20));
        return Buffer.concat([decipher.update(raw.subarray(12, 20)), decipher.final()])
          .readBigUInt64BE()
          .toString();
      } catch {
        // Tampered, or another purpose's cursor: the same answer as garbage.
      }
    }
    throw badInput(
      'The `after` cursor is not valid: pass the `endCursor` of a previous page of the same query: the same purpose and filter.',
    );
  }
}
