import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { CSRF_HEADER, parseCookies, SESSION_COOKIE } from '../auth/console-sessions.js';
import { rateLimited } from '../auth/errors.js';
import { newFacts, type HubContext, type Services } from '../context.js';
import { publicDatabaseError } from './db-errors.js';
import { clientAddress, type RequestLimiter } from './rate-limit.js';

/** A request's context: its caller, admitted by the rate limits. */
export type ContextFor = (req: IncomingMessage, requestId: string, log: Logger) => Promise<HubContext>;

async function admit(limiter: RequestLimiter, key: string): Promise<void> {
  const r = await limiter.take(key);
  if (!r.allowed) throw rateLimited('Too many requests.', r.retryAfterSeconds);
}

/**
 * The hub's requests' contexts: each one's caller (bearer token, API key or console
 * session cookie), admitted by the rate limits before the database is asked. The limits
 * are shared by every hub process on the database (docs/security.md): people and partner
 * systems by principal, everyone else by address.
 */
export function requestContexts(services: Services): ContextFor {
  const limits = services.config.limits;
  const { perPrincipal, perAddress } = services.limits;
  return async (req, requestId, log) => {
    const sessionToken = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const csrfHeader = req.headers[CSRF_HEADER];
    const em = services.orm.em.fork();
    const clientIp = clientAddress(req, limits.trustProxyHops);
    let principal;
    let limited = false;
    try {
      // Limits apply before the database is asked. A token whose signature checks out
      // names its user: that user's bucket. An API key can only be checked in the
      // database, so an address that has used up its allowance of failed or anonymous
      // requests gets no lookups until it refills.
      principal = await services.auth.authenticate(
        em,
        {
          authorization: req.headers.authorization,
          apiKey: typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined,
          session: sessionToken
            ? { token: sessionToken, csrf: typeof csrfHeader === 'string' ? csrfHeader : undefined }
            : undefined,
        },
        async (who) => {
          limited = true;
          if (who.kind === 'user') await admit(perPrincipal, `user:${who.id}`);
          else {
            const r = await perAddress.peek(clientIp);
            if (!r.allowed) throw rateLimited('Too many requests.', r.retryAfterSeconds);
          }
          limited = false;
        },
      );
    } catch (err) {
      if (limited) throw err;
      const dbFault = publicDatabaseError(err, services.config.statementTimeoutMs);
      if (dbFault) throw dbFault;
      // Bad credentials count against the address, so that guessing tokens or keys is throttled too.
      await admit(perAddress, clientIp);
      throw err;
    }
    // Users were admitted above; partner systems by their key, everyone else by address.
    if (!principal) await admit(perAddress, clientIp);
    else if (principal.kind === 'apiKey') await admit(perPrincipal, `apiKey:${principal.id}`);
    const ctx: HubContext = {
      requestId,
      clientIp,
      em,
      principal,
      services,
      log: log.child({ principal: principal?.label }),
      facts: newFacts(),
      http: {},
    };
    if (sessionToken && !req.headers.authorization && !req.headers['x-api-key']) {
      ctx.consoleSession = sessionToken;
      // The cookie names a session that has ended: clear it, so the console shows its sign-in page.
      if (!principal && services.auth.sessions) ctx.http!.cookies = services.auth.sessions.clearingCookies();
    }
    return ctx;
  };
}
