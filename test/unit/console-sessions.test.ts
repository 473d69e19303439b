import { describe, expect, it } from 'vitest';
import { ConsoleSessions, parseCookies, serializeCookie } from '../../src/auth/console-sessions.js';

const sessions = new ConsoleSessions(null as never, 'unit-test-secret-0123456789-abcdefghijklmnop', {
  webDir: 'web/dist',
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  cookieSecure: true,
});

describe('console session cookies', () => {
  it('reads cookies by name, the first of a repeated name winning, skipping malformed pairs', () => {
    const c = parseCookies('a=1; hub_session=abc; junk; =x; hub_session=evil; b=two=parts');
    expect(c.get('hub_session')).toBe('abc');
    expect(c.get('b')).toBe('two=parts');
    expect(c.has('junk')).toBe(false);
  });

  it('writes HttpOnly only for the session cookie, always SameSite=Strict, Secure when asked', () => {
    expect(serializeCookie('hub_session', 'v', { httpOnly: true, maxAge: 60, secure: true })).toBe(
      'hub_session=v; Path=/; Max-Age=60; SameSite=Strict; HttpOnly; Secure',
    );
    expect(serializeCookie('hub_csrf', 'v', { httpOnly: false, maxAge: 60, secure: false })).toBe(
      'hub_csrf=v; Path=/; Max-Age=60; SameSite=Strict',
    );
  });

  it('derives a CSRF token per session that fits only that session', () => {
    const a = 'A'.repeat(43);
    const b = 'B'.repeat(43);
    expect(sessions.csrfMatches(a, sessions.csrfFor(a))).toBe(true);
    expect(sessions.csrfMatches(a, sessions.csrfFor(b))).toBe(false);
    expect(sessions.csrfMatches(a, undefined)).toBe(false);
    expect(sessions.csrfMatches(a, '')).toBe(false);
    expect(sessions.csrfFor(a)).not.toContain(a);
  });

  it('clears both cookies with Max-Age=0', () => {
    expect(sessions.clearingCookies()).toEqual([
      'hub_session=; Path=/; Max-Age=0; SameSite=Strict; HttpOnly; Secure',
      'hub_csrf=; Path=/; Max-Age=0; SameSite=Strict; Secure',
    ]);
  });
});
