import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { parseCookies } from '../auth/console-sessions.js';
import type { Services } from '../context.js';
import type { RouteHandler } from '../server/http.js';
import { sendJson } from '../server/http-io.js';
import type { OidcSignIn } from './oidc.js';
import { FAILURE_REASONS, SignInFailure, type SignInMode } from './sign-in-failure.js';
import { oidcSignIn } from './services.js';

/** Ties a sign-in's answer to the browser that started it (SameSite=Lax: it must come back on the provider's redirect). */
export const BINDING_COOKIE = 'hub_oidc';
const BINDING_PATH = '/auth/oidc';

/** The address people reach the hub at: HUB_PUBLIC_URL, else the request's own Host. */
export function publicBase(services: Services, req: IncomingMessage): string {
  if (services.config.console.publicUrl) return services.config.console.publicUrl;
  const forwarded = services.config.limits.trustProxyHops > 0 ? req.headers['x-forwarded-proto'] : undefined;
  const proto = typeof forwarded === 'string' && /^https?$/.test(forwarded) ? forwarded : 'http';
  return `${proto}://${req.headers.host ?? 'localhost'}`;
}

function bindingCookie(services: Services, value: string, maxAge: number): string {
  const parts = [`${BINDING_COOKIE}=${value}`, `Path=${BINDING_PATH}`, `Max-Age=${maxAge}`, 'SameSite=Lax', 'HttpOnly'];
  if (services.config.console.cookieSecure) parts.push('Secure');
  return parts.join('; ');
}

function wantsJson(req: IncomingMessage): boolean {
  return /application\/json/.test(String(req.headers.accept ?? ''));
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function sendPage(res: ServerResponse, status: number, title: string, body: string, cookies: string[] = []): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    ...(cookies.length ? { 'set-cookie': cookies } : {}),
  });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Community Safety Data Hub</title></head>` +
      `<body style="font-family:sans-serif;max-width:40em;margin:2em auto"><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  );
}

type Done = Awaited<ReturnType<OidcSignIn['complete']>>;

/** Ends a failed sign-in: recorded, then shown as the sign-in page's message (or the API client's error). */
async function refuse(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  failure: SignInFailure,
  mode: SignInMode,
  meta: { requestId: string; log: Logger },
): Promise<void> {
  await oidcSignIn(services).recordFailure(failure, meta);
  const clearBinding = bindingCookie(services, '', 0);
  if ((failure.mode ?? mode) === 'token') {
    if (wantsJson(req))
      return sendJson(
        res,
        failure.reason === 'PROVIDER_UNAVAILABLE' ? 503 : 401,
        { error: FAILURE_REASONS[failure.reason], reason: failure.reason },
        { 'set-cookie': clearBinding },
      );
    return sendPage(res, 401, 'You were not signed in', `<p>${escapeHtml(FAILURE_REASONS[failure.reason])}</p>`, [
      clearBinding,
    ]);
  }
  res.writeHead(303, {
    location: `/sign-in?oidc_error=${failure.reason}`,
    'cache-control': 'no-store',
    'set-cookie': clearBinding,
  });
  res.end();
}

/** Sends the browser to the provider, binding the pending sign-in to it by a cookie. */
async function startSignIn(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  providerName: string,
  mode: SignInMode,
): Promise<void> {
  const binding = randomBytes(32).toString('base64url');
  const { redirectTo } = await oidcSignIn(services).start(providerName, {
    base: publicBase(services, req),
    mode,
    browserBinding: binding,
  });
  res.writeHead(303, {
    location: redirectTo.href,
    'cache-control': 'no-store',
    'set-cookie': bindingCookie(services, binding, 600),
  });
  res.end();
}

/** Hands a completed sign-in its bearer token (shown once) or its console session. */
async function finishSignIn(services: Services, req: IncomingMessage, res: ServerResponse, done: Done): Promise<void> {
  const clearBinding = bindingCookie(services, '', 0);
  if (done.mode === 'token') {
    const { token, expiresAt } = await services.tokens.issue({
      id: done.user.id,
      agencyId: done.provider.agency.id,
      roles: done.user.roles,
    });
    if (wantsJson(req))
      return sendJson(
        res,
        200,
        { token, expiresAt: expiresAt.toISOString(), username: done.user.username },
        { 'set-cookie': clearBinding },
      );
    return sendPage(
      res,
      200,
      'Your hub token',
      `<p>Signed in as ${escapeHtml(done.user.username)}. Copy this bearer token into your API client now: it is not shown again, and it expires at ${escapeHtml(expiresAt.toISOString())}.</p>` +
        `<p><label for="token">Bearer token</label><br><textarea id="token" readonly rows="6" cols="60">${escapeHtml(token)}</textarea></p>`,
      [clearBinding],
    );
  }
  const grant = await services.auth.sessions!.create(done.user.id);
  res.writeHead(303, {
    location: '/',
    'cache-control': 'no-store',
    'set-cookie': [...services.auth.sessions!.cookiesFor(grant), clearBinding],
  });
  res.end();
}

/**
 * GET /auth/oidc/<provider>/start[?mode=token] and GET /auth/oidc/callback: sign-in
 * through an agency's identity provider (docs/identity.md). `mode=token` ends with a hub
 * bearer token for an API client (shown once, or as JSON to `Accept: application/json`)
 * instead of a console session.
 */
export function identityRoutes(services: Services): Record<string, RouteHandler> {
  const handler: RouteHandler = async (req, res, { requestId, log }): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://hub');
    const start = /^\/auth\/oidc\/([a-z0-9-]{2,40})\/start$/.exec(url.pathname);
    let mode: SignInMode = url.searchParams.get('mode') === 'token' ? 'token' : 'console';
    try {
      if (start) return await startSignIn(services, req, res, start[1], mode);
      if (url.pathname === '/auth/oidc/callback') {
        const binding = parseCookies(req.headers.cookie).get(BINDING_COOKIE);
        const done = await oidcSignIn(services).complete(url, binding, { requestId });
        mode = done.mode;
        return await finishSignIn(services, req, res, done);
      }
      return sendJson(res, 404, { error: 'Not found.' });
    } catch (err) {
      if (err instanceof SignInFailure) return refuse(services, req, res, err, mode, { requestId, log });
      throw err;
    }
  };
  return { 'GET /auth/oidc/*': handler };
}
