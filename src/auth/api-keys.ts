import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'hubk_';

/** A new API key: shown once to the administrator, only its hash is stored. */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const key = `${PREFIX}${id}_${secret}`;
  return { key, prefix: `${PREFIX}${id}`, secretHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Splits a presented key into its public prefix; undefined when it is not shaped like one of ours. */
export function apiKeyPrefix(key: string): string | undefined {
  const m = /^(hubk_[0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(key);
  return m?.[1];
}

export function apiKeyMatches(key: string, secretHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(secretHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
