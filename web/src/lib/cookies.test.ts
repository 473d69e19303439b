import { describe, expect, it } from 'vitest';
import { readCookie, retryDelay } from './cookies';

describe('the CSRF cookie and retries', () => {
  it('reads one cookie from document.cookie', () => {
    expect(readCookie('a=1; hub_csrf=abc%3D; b=2', 'hub_csrf')).toBe('abc=');
    expect(readCookie('a=1', 'hub_csrf')).toBe('');
    expect(readCookie('', 'hub_csrf')).toBe('');
  });

  it('backs off 1, 2, 4, 8 s, then every 15 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
  });
});
