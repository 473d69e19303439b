import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The hash chain. Every event's content is serialised canonically (JSON with keys
 * sorted at every level, no whitespace), hashed, and chained:
 *
 *   contentHash = SHA-256(canonical(content))
 *   hash        = SHA-256(prevHash (32 bytes) || seq (8 bytes, big-endian) || contentHash (32 bytes))
 *
 * The first event has seq 1 and prevHash 32 zero bytes. Hashes are stored as lower-case hex.
 * This file is the whole formula: docs/audit.md repeats it for independent verifiers.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level; undefined members dropped; no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return 'null';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return out + ']';
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const obj = value as Record<string, unknown>;
  // Default sort: by UTF-16 code units, the same in every JavaScript engine.
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined || typeof v === 'function') continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function contentHash(content: unknown): string {
  return sha256Hex(canonicalJson(content));
}

export function chainHash(prevHash: string, seq: bigint | number, contentHashHex: string): string {
  const seqBytes = Buffer.alloc(8);
  seqBytes.writeBigUInt64BE(BigInt(seq));
  return createHash('sha256')
    .update(Buffer.from(prevHash, 'hex'))
    .update(seqBytes)
    .update(Buffer.from(contentHashHex, 'hex'))
    .digest('hex');
}

/**
 * Signs the chain head and retention checkpoints. The key is derived from the hub's
 * pseudonym key (which is never rotated casually: rotating it also re-keys every
 * subject hash), so that someone who can write to the database but does not hold the
 * hub's secrets cannot rewrite the trail and re-sign it.
 */
export class AuditSigner {
  private readonly key: Buffer;
  /** A public fingerprint of the key, stored beside each signature. */
  readonly keyId: string;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'community-safety-hub/audit-signing/v1', 32));
    this.keyId = sha256Hex(this.key).slice(0, 16);
  }

  sign(purpose: 'head' | 'checkpoint', payload: Record<string, unknown>): string {
    return createHmac('sha256', this.key).update(`${purpose}:`).update(canonicalJson(payload)).digest('hex');
  }

  verify(purpose: 'head' | 'checkpoint', payload: Record<string, unknown>, mac: string | null | undefined): boolean {
    if (!mac) return false;
    const expected = Buffer.from(this.sign(purpose, payload), 'hex');
    const given = Buffer.from(mac, 'hex');
    return given.length === expected.length && timingSafeEqual(expected, given);
  }
}
