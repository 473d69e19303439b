import type { IncomingMessage } from 'node:http';

export interface TokenBucketOptions {
  /** Tokens added per minute; 0 turns the limiter off. */
  perMinute: number;
  /** Bucket size: how many requests may come at once. */
  burst: number;
  /** Most keys remembered; the least recently seen are forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** What the HTTP door asks of a rate limit: in memory (below) or shared (shared-rate-limit.ts). */
export interface RequestLimiter {
  readonly enabled: boolean;
  /** Takes one token for the key, or says how long until one is available. */
  take(key: string): TakeResult | Promise<TakeResult>;
  /** Whether a token is available for the key now, without taking it. */
  peek(key: string): TakeResult | Promise<TakeResult>;
}

/**
 * Token buckets in memory, one per key (a principal, or a client address). Per process:
 * N hub processes would allow N times the rate, so the hub keeps its buckets in
 * PostgreSQL (shared-rate-limit.ts) and uses this one as that limiter's local pre-check
 * and fallback, and where there is no database (docs/security.md).
 */
export class TokenBucketLimiter implements RequestLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly opts: TokenBucketOptions) {
    this.perMs = opts.perMinute / 60_000;
    this.maxKeys = opts.maxKeys ?? 100_000;
    this.now = opts.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.opts.perMinute > 0;
  }

  /** Takes one token for the key, or says how long until one is available. */
  take(key: string): TakeResult {
    if (!this.enabled) return { allowed: true };
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens = this.opts.burst;
    if (bucket) {
      tokens = Math.min(this.opts.burst, bucket.tokens + (now - bucket.at) * this.perMs);
      // Re-insert so that Map order is least-recently-seen first.
      this.buckets.delete(key);
    }
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: (1 - tokens) / this.perMs / 1000 };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return { allowed: true };
  }

  /** Whether a token is available for the key now, without taking it. */
  peek(key: string): TakeResult {
    if (!this.enabled) return { allowed: true };
    const bucket = this.buckets.get(key);
    if (!bucket) return { allowed: true };
    const tokens = Math.min(this.opts.burst, bucket.tokens + (this.now() - bucket.at) * this.perMs);
    return tokens >= 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: (1 - tokens) / this.perMs / 1000 };
  }

  /** Keys currently remembered (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }
}

/**
 * The client's address: the socket's peer, or, behind `hops` trusted reverse proxies,
 * the X-Forwarded-For entry the outermost trusted proxy added. Entries a client wrote
 * itself sit further left and are ignored.
 */
export function clientAddress(req: IncomingMessage, hops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (hops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return peer;
  return entries[Math.max(0, entries.length - hops)];
}
