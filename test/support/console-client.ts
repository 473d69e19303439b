/**
 * A browser's side of the console's session, over plain HTTP: keeps the cookies the hub
 * sets (as a browser on the hub's origin would) and sends the CSRF header from them.
 */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  readonly setCookieLines: string[] = [];

  constructor(private readonly graphqlUrl: string) {}

  get origin(): string {
    return new URL(this.graphqlUrl).origin;
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      this.setCookieLines.push(line);
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** A request as the console makes it: cookies, and the CSRF header unless told otherwise. */
  async fetch(path: string, init: RequestInit & { csrf?: string | false } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const csrf = init.csrf === undefined ? this.cookies.get('hub_csrf') : init.csrf;
    if (csrf) headers.set('x-csrf-token', csrf);
    const res = await fetch(new URL(path, this.origin), { ...init, headers, redirect: 'manual' });
    this.remember(res);
    return res;
  }

  async gql(query: string, variables: Record<string, unknown> = {}, opts: { csrf?: string | false } = {}) {
    const res = await this.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      csrf: opts.csrf,
    });
    const body = (await res.json()) as {
      data?: any;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    return { status: res.status, ...body };
  }

  signIn(username: string, password: string) {
    return this.gql(
      'mutation SignIn($u: String!, $p: String!) { signIn(username: $u, password: $p) { expiresAt idleMinutes account { username agency { code } roles } } }',
      { u: username, p: password },
    );
  }
}
