/** The value of a cookie readable by scripts ("" when absent). */
export function readCookie(cookieHeader: string, name: string): string {
  for (const part of cookieHeader.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return '';
}

/** Backoff for retrying while the hub is unavailable: 1 s, 2 s, 4 s ... at most 15 s. */
export function retryDelay(attempt: number): number {
  return Math.min(15_000, 1_000 * 2 ** Math.max(0, attempt));
}
