import type { MikroORM } from '@mikro-orm/postgresql';
import { Writable } from 'node:stream';
import { hashPassword } from '../../src/auth/password.js';

/** Gives a seeded user a real password, for login tests. */
export async function setPassword(orm: MikroORM, userId: string, password: string): Promise<void> {
  await orm.em
    .getConnection()
    .execute('update hub_user set password_hash = ? where id = ?', [await hashPassword(password), userId]);
}

export interface RawResponse {
  /** The request body sent. */
  sent?: string;
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON (loosely typed: hostile tests read whatever came back). */

  json:
    | {
        data?: Record<string, any> | null;
        errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
        error?: string;
      }
    | undefined;
}

/** Sends exactly the bytes given, with exactly the headers given: for requests a normal client would never send. */
export async function raw(
  url: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const res = await fetch(url, { method: init.method ?? 'POST', body: init.body, headers: init.headers });
  const text = await res.text();
  let json: RawResponse['json'];
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    sent: typeof init.body === 'string' ? init.body : undefined,
    status: res.status,
    headers: res.headers,
    text,
    json,
  };
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** A pino destination that keeps every line, to assert what was (not) logged. */
export function logCapture(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Things an error sent to a caller must never contain. */
export const LEAK_PATTERNS = [
  /\bat [\w.<>]+ \(/, // a stack frame
  /\.ts:\d+/,
  /node_modules/,
  /\bselect\b[\s\S]*\bfrom\b/i, // SQL text
  /shared_record|hub_user|dataset_id|source_ref_hash|subject_hash/,
  /syntax error at or near/i,
  /postgres(ql)?:\/\//i,
];

/** Strings a request carried (JSON values, and quoted literals inside a GraphQL document). */
function sentStrings(request: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      out.push(v);
      for (const m of v.matchAll(/"((?:[^"\\]|\\.)*)"/g)) out.push(m[1]);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  try {
    walk(JSON.parse(request));
  } catch {
    walk(request);
  }
  return out.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

/**
 * Fails when a response shows internals. A caller's own input echoed back in an error
 * ("DateTime cannot represent ... <your value>") is not a leak: pass the request to discount it.
 */
export function expectNoLeak(text: string, request?: string): void {
  if (request) {
    for (const s of sentStrings(request)) {
      text = text.split(JSON.stringify(s).slice(1, -1)).join('').split(s).join('');
    }
  }
  for (const p of LEAK_PATTERNS) {
    if (p.test(text)) throw new Error(`response leaks internals (${p}):\n${text.slice(0, 2000)}`);
  }
}
