import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * The console's pages may load only the hub's own files and talk only to the hub: no
 * inline script, no eval (charts use Vega's interpreter), no framing by other sites.
 */
/** The console's policy; `imageOrigin` adds the base map's tile service to the images it may load. */
export function consoleCsp(imageOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${imageOrigin ? ` ${imageOrigin}` : ''}`,
    "connect-src 'self'",
    // GraphiQL's stylesheet carries its fonts inline, as data: URLs.
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const CONSOLE_CSP = consoleCsp();

function securityHeaders(imageOrigin?: string): Record<string, string> {
  return {
    'content-security-policy': imageOrigin ? consoleCsp(imageOrigin) : CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Community Safety Data Hub</title>
<body><main><h1>Community Safety Data Hub</h1>
<p>The web console has not been built in this copy of the hub. Run <code>npm run build</code> (or start the hub with <code>npm start</code>, which builds it).</p>
<p>The GraphQL API is at <code>POST /graphql</code>; see the README.</p></main></body></html>`;

async function fileAt(file: string): Promise<number | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the built console (web/dist): hashed files under /assets/ cached for a year,
 * any other path without a file extension answered with index.html, so that every page
 * of the single-page application can be bookmarked and reloaded. Returns false when the
 * path is not the console's (the caller answers 404).
 */
export async function serveConsole(
  webDir: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
  /** The base map's tile service (HUB_MAP_TILE_URL's origin), when one is configured. */
  imageOrigin?: string,
): Promise<boolean> {
  const SECURITY_HEADERS = securityHeaders(imageOrigin);
  const root = path.resolve(webDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  const target = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (target !== root && !target.startsWith(root + path.sep)) return false;
  // The GraphQL explorer is a page of its own (its editor stays out of the console's load).
  if (pathname === '/explorer') return serveConsole(webDir, '/explorer.html', req, res, imageOrigin);
  const ext = path.extname(target).toLowerCase();
  let file = target;
  let size = ext ? await fileAt(target) : undefined;
  if (size === undefined) {
    // A path with an extension that is not a file is a missing asset, not a page.
    if (ext && ext !== '.html') return false;
    file = path.join(root, 'index.html');
    size = await fileAt(file);
    if (size === undefined) {
      res.writeHead(503, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...SECURITY_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
      return true;
    }
  }
  const immutable = pathname.startsWith('/assets/');
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
  });
  return true;
}
