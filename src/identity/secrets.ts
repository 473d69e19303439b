import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { badInput } from '../auth/errors.js';

/** Only variables named for this purpose: a reference can never point at the hub's own secrets (HUB_TOKEN_SECRET, DATABASE_URL). */
const ENV_NAME = /^HUB_OIDC_[A-Z0-9_]{1,120}$/;

/** Where secrets files may be: HUB_OIDC_SECRETS_DIR, by default /run/secrets (Docker's and Kubernetes' usual mount). */
export function secretsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.HUB_OIDC_SECRETS_DIR?.trim() || '/run/secrets');
}

/**
 * Where a provider's client secret is read from: `env:HUB_OIDC_<NAME>` (an environment
 * variable of the hub) or `file:/run/secrets/<name>` (a secrets file in the secrets
 * folder, e.g. a mounted Kubernetes or Docker secret). Only the reference is stored;
 * anything else is refused, so that a secret pasted by mistake is never written to the
 * database, and so that whoever registers a provider cannot have the hub send another of
 * its secrets, or any file it can read, to a token endpoint of their choosing.
 */
export function parseSecretRef(
  raw: string,
  env: NodeJS.ProcessEnv = process.env,
): { ref: string; kind: 'env' | 'file'; target: string } {
  const ref = raw.trim();
  const m = /^(env|file):(.+)$/.exec(ref);
  if (m?.[1] === 'env' && ENV_NAME.test(m[2])) return { ref, kind: 'env', target: m[2] };
  if (m?.[1] === 'file' && path.isAbsolute(m[2]) && !m[2].includes('\0') && m[2].length < 480) {
    const dir = secretsDir(env);
    const target = path.resolve(m[2]);
    if (target === m[2] && target.startsWith(dir + path.sep)) return { ref, kind: 'file', target };
  }
  throw badInput(
    `Give where the client secret is, never the secret itself: env:HUB_OIDC_<NAME> (an environment variable of the hub, e.g. env:HUB_OIDC_BPOL_SECRET) or file:${secretsDir(env)}/<name> (a secrets file in the hub's secrets folder, HUB_OIDC_SECRETS_DIR).`,
    { field: 'clientSecretRef' },
  );
}

export class SecretUnavailable extends Error {}

/** Reads the secret a reference points to; throws SecretUnavailable (naming the reference, never a value). */
export async function readSecret(ref: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  let parsed: ReturnType<typeof parseSecretRef>;
  try {
    parsed = parseSecretRef(ref, env);
  } catch {
    // A reference stored before the rules narrowed (or with another secrets folder): refused, not read.
    throw new SecretUnavailable(`the client secret ${ref} is not a reference the hub reads`);
  }
  const { kind, target } = parsed;
  let value: string | undefined;
  if (kind === 'env') value = env[target];
  else value = await readFile(target, 'utf8').catch(() => undefined);
  value = value?.trim();
  if (!value) throw new SecretUnavailable(`the client secret ${ref} is not set or cannot be read`);
  return value;
}
