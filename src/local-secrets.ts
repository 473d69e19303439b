import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface LocalSecrets {
  tokenSecret: string;
  pseudonymKey: string;
  embeddedDbPassword: string;
}

/**
 * Outside production the hub may run without configured secrets: it then generates
 * random ones on first start and keeps them in the (git-ignored) data folder, readable
 * by the owner only. There is no fallback secret in code.
 */
export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.resolve(dataDir, 'secrets.json');
  if (existsSync(file)) {
    return JSON.parse(await readFile(file, 'utf8')) as LocalSecrets;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const secrets: LocalSecrets = {
    tokenSecret: randomBytes(48).toString('base64url'),
    pseudonymKey: randomBytes(48).toString('base64url'),
    embeddedDbPassword: randomBytes(24).toString('base64url'),
  };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  return secrets;
}
