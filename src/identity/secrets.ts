import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { badInput } from '../auth/errors.js';

const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,127}$/;

/**
 * Where a provider's client secret is read from: `env:NAME` (an environment variable of
 * the hub) or `file:/absolute/path` (a secrets file, e.g. a mounted Kubernetes or Docker
 * secret). Only the reference is stored; anything else is refused, so that a secret
 * pasted by mistake is never written to the database.
 */
export function parseSecretRef(raw: string): { ref: string; kind: 'env' | 'file'; target: string } {
  const ref = raw.trim();
  const m = /^(env|file):(.+)$/.exec(ref);
  if (m?.[1] === 'env' && ENV_NAME.test(m[2])) return { ref, kind: 'env', target: m[2] };
  if (m?.[1] === 'file' && path.isAbsolute(m[2]) && !m[2].includes('\0') && m[2].length < 480)
    return { ref, kind: 'file', target: m[2] };
  throw badInput(
    'Give where the client secret is, never the secret itself: env:NAME (an environment variable of the hub, e.g. env:HUB_OIDC_BPOL_SECRET) or file:/absolute/path (a secrets file).',
    { field: 'clientSecretRef' },
  );
}

export class SecretUnavailable extends Error {}

/** Reads the secret a reference points to; throws SecretUnavailable (naming the reference, never a value). */
export async function readSecret(ref: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { kind, target } = parseSecretRef(ref);
  let value: string | undefined;
  if (kind === 'env') value = env[target];
  else value = await readFile(target, 'utf8').catch(() => undefined);
  value = value?.trim();
  if (!value) throw new SecretUnavailable(`the client secret ${ref} is not set or cannot be read`);
  return value;
}
