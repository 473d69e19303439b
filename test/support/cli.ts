import { vi } from 'vitest';
import { run } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `hub ...args` in-process (the same entry point as `npx hub`), capturing what it
 * writes: its exit code, stdout and stderr. The environment (DATABASE_URL and the rest)
 * is the caller's to set.
 */
export async function runHub(...args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const o = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const e = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** `runHub` with these environment variables set for the run, and the environment restored after. */
export async function runHubIn(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await runHub(...args);
  } finally {
    process.env = saved;
  }
}
