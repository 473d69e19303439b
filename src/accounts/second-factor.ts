import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/**
 * The TOTP second factor (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, one step either
 * side for clock drift) and its recovery codes. Secrets are sealed with AES-256-GCM under
 * a key derived from the hub's token secret before they reach the database; recovery
 * codes are stored as keyed hashes. Nothing here logs or returns a secret except the
 * enrolment answer, shown once to its holder.
 */

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Community Safety Data Hub';

/** Seals a secret for storage: base64url of iv (12) | tag (16) | ciphertext. */
export function seal(key: Buffer, plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Opens a sealed secret; throws when it was tampered with or sealed for another account. */
export function open(key: Buffer, sealed: string, context: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** What an authenticator app needs: the otpauth:// URI and the same as a QR code (SVG). */
export async function enrolmentOf(
  secretBase32: string,
  label: string,
): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const uri = totp(secretBase32, label).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: secretBase32, uri, qrSvg };
}

export const CODE_SHAPE = /^\d{6}$/;

/**
 * The time step a code belongs to (within one step either side of now), or null. The
 * caller refuses a step it has already accepted, so each code works once.
 */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!CODE_SHAPE.test(token)) return null;
  const t = totp(secretBase32, 'check');
  const delta = t.validate({ token, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return null;
  return t.counter({ timestamp: now }) + delta;
}

/** The code for a time (tests and the command line's own checks). */
export function totpCode(secretBase32: string, now = Date.now()): string {
  return totp(secretBase32, 'check').generate({ timestamp: now });
}

// Recovery codes: ten groups of "xxxxx-xxxxx" from an alphabet without look-alikes.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newRecoveryCodes(): string[] {
  const one = () => {
    let s = '';
    for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  };
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(one());
  return [...codes];
}

export const RECOVERY_SHAPE = /^[a-z0-9]{5}-?[a-z0-9]{5}$/;

/** Normalises what a person typed ("ABCDE FGHJK", "abcde-fghjk") to the stored form. */
export function normaliseRecoveryCode(code: string): string | null {
  const c = code
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '');
  if (!/^[a-z0-9]{10}$/.test(c)) return null;
  return `${c.slice(0, 5)}-${c.slice(5)}`;
}

/** Recovery codes carry 50 random bits: a keyed hash is enough, and lets a code be found by its hash. */
export function hashRecoveryCode(key: Buffer, userId: string, code: string): string {
  return createHmac('sha256', key).update(`${userId}:${code}`).digest('base64url');
}
