import { rateLimited } from './errors.js';

export interface LoginThrottleOptions {
  /** Failed logins allowed per username within the window; 0 = no per-username limit. */
  maxFailuresPerUser: number;
  /** Failed logins allowed per client address within the window; 0 = no per-address limit. */
  maxFailuresPerIp: number;
  windowMinutes: number;
  now?: () => number;
}

interface Window {
  failures: number;
  /** Attempts still being checked: they count, so that a burst of parallel guesses cannot slip past the limit. */
  pending: number;
  start: number;
}

/** The outcome of an admitted attempt: report it exactly once, and wait for it to be recorded. */
export interface LoginAttempt {
  succeeded(): void | Promise<void>;
  failed(): void | Promise<void>;
  /** Neither: the check itself could not run (e.g. the database was down). */
  abandoned(): void | Promise<void>;
}

/** What sign-in asks of a throttle: in memory (below) or shared (shared-login-throttle.ts). */
export interface LoginGate {
  /** Admits an attempt or throws RATE_LIMITED (HTTP 429) before any password work. */
  begin(username: string, ip: string | undefined): LoginAttempt | Promise<LoginAttempt>;
}

const MAX_KEYS = 100_000;

/** The refusals, worded the same whichever throttle gives them. */
export const TOO_MANY_FAILURES = 'Too many failed login attempts for this account or from this address.';
export const TOO_MANY_AT_ONCE = 'Too many login attempts at once for this account or from this address.';

/**
 * Throttles password guessing, per username and per client address, in fixed windows.
 * Unknown usernames are throttled like real ones (the refusal says nothing about the
 * account), and a refused attempt never reaches the password hash. In memory, per
 * process: the hub runs the same rules in PostgreSQL (SharedLoginThrottle) so that every
 * process counts the same failures; this one serves where there is no database.
 */
export class LoginThrottle implements LoginGate {
  private readonly users = new Map<string, Window>();
  private readonly ips = new Map<string, Window>();
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: LoginThrottleOptions) {
    this.windowMs = opts.windowMinutes * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** Admits an attempt or throws RATE_LIMITED (HTTP 429) before any password work. */
  begin(username: string, ip: string | undefined): LoginAttempt {
    const now = this.now();
    const user =
      this.opts.maxFailuresPerUser > 0 ? this.window(this.users, username.trim().toLowerCase(), now) : undefined;
    const addr = this.opts.maxFailuresPerIp > 0 && ip ? this.window(this.ips, ip, now) : undefined;
    // Failures shut the door for the rest of the window; attempts still in progress only
    // until they finish (a second), so that parallel guesses cannot overshoot the limit.
    const failed = (w: Window | undefined, max: number) => !!w && w.failures >= max;
    const busy = (w: Window | undefined, max: number) => !!w && w.failures + w.pending >= max;
    if (failed(user, this.opts.maxFailuresPerUser) || failed(addr, this.opts.maxFailuresPerIp)) {
      const until =
        Math.max(
          failed(user, this.opts.maxFailuresPerUser) ? user!.start : 0,
          failed(addr, this.opts.maxFailuresPerIp) ? addr!.start : 0,
        ) + this.windowMs;
      throw rateLimited(TOO_MANY_FAILURES, (until - now) / 1000);
    }
    if (busy(user, this.opts.maxFailuresPerUser) || busy(addr, this.opts.maxFailuresPerIp)) {
      throw rateLimited(TOO_MANY_AT_ONCE, 1);
    }
    if (user) user.pending++;
    if (addr) addr.pending++;
    let done = false;
    const finish = (outcome: 'ok' | 'failed' | 'abandoned') => {
      if (done) return;
      done = true;
      for (const w of [user, addr]) {
        if (!w) continue;
        w.pending--;
        if (outcome === 'failed') w.failures++;
      }
      // A correct password clears the account's count, not the address's.
      if (outcome === 'ok' && user) user.failures = 0;
    };
    return { succeeded: () => finish('ok'), failed: () => finish('failed'), abandoned: () => finish('abandoned') };
  }

  private window(map: Map<string, Window>, key: string, now: number): Window {
    let w = map.get(key);
    if (w && now - w.start >= this.windowMs && w.pending === 0) {
      map.delete(key);
      w = undefined;
    }
    if (!w) {
      w = { failures: 0, pending: 0, start: now };
      map.set(key, w);
      if (map.size > MAX_KEYS) this.sweep(map, now);
    }
    return w;
  }

  private sweep(map: Map<string, Window>, now: number): void {
    for (const [k, w] of map) if (now - w.start >= this.windowMs && w.pending === 0) map.delete(k);
    // Still full of live windows: forget the oldest rather than grow without bound.
    while (map.size > MAX_KEYS) map.delete(map.keys().next().value!);
  }
}
