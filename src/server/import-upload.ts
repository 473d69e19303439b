import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GraphQLError } from 'graphql';
import type { Services } from '../context.js';
import { CSRF_HEADER, parseCookies, SESSION_COOKIE } from '../auth/console-sessions.js';
import { ImportRefused, type RefusalCode } from '../ingest/import-errors.js';
import { ImportDoor, publicSummary } from '../ingest/import.service.js';
import { parseEncoding, type DeclaredEncoding } from '../ingest/encoding.js';
import { fileSource } from '../ingest/record-source.js';
import { HttpError, sendJson, type RouteHandler } from './http.js';

/** Where partner systems send files: `POST /import/<dataset key>` with a CSV body. */
export const IMPORT_ROUTE = 'POST /import/*';

const CSV_TYPES = /^(text\/csv|application\/csv|text\/plain|application\/octet-stream)\b/i;
/** An .xlsx workbook (what browsers and Excel send), or a generic one. */
const XLSX_TYPES =
  /^(application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|application\/vnd\.ms-excel\.sheet\.macroenabled\.12)\b/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

const STATUS: Partial<Record<RefusalCode, number>> = {
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  FAILED: 503,
  BUSY: 409,
  INTERRUPTED: 400,
  BAD_PERIOD: 400,
  BAD_ENCODING: 415,
  UNSUPPORTED_FORMAT: 415,
};

/**
 * The HTTP door of the ingest pipeline, for partner systems (API key with the IMPORT
 * scope) and provider accounts (bearer token). The body is streamed into the pipeline,
 * never buffered whole: a CSV file (`text/csv`, in UTF-8, UTF-16 with a byte order mark
 * or Windows-1252: `?encoding=` or a `charset` declares it, else it is detected) or an
 * .xlsx workbook (its content type, or any file whose bytes are one; `?sheet=` names the
 * worksheet). `?dryRun=true` validates only, `?period=2026-Q1` declares the submission
 * period; `Content-Encoding: gzip` is accepted. A batch whose every row was rejected is
 * answered 422, with the same summary (status REJECTED) as any batch.
 */
export function importUploadRoute(services: Services): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse, { requestId }) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    let key = '';
    try {
      key = decodeURIComponent(url.pathname.slice('/import/'.length));
    } catch {
      // a malformed escape: no such dataset
    }
    // The console uploads under the signed-in person's session (cookie and CSRF header).
    const sessionToken = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const csrf = req.headers[CSRF_HEADER];
    const principal = await services.auth
      .authenticate(services.orm.em.fork(), {
        authorization: req.headers.authorization,
        apiKey: typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined,
        session: sessionToken ? { token: sessionToken, csrf: typeof csrf === 'string' ? csrf : undefined } : undefined,
      })
      .catch((err: unknown) => {
        if (err instanceof GraphQLError)
          throw new HttpError((err.extensions.http as { status?: number } | undefined)?.status ?? 401, err.message);
        throw err;
      });
    if (!principal)
      throw new HttpError(
        401,
        'Authentication required: send `X-Api-Key` (a key with the IMPORT scope) or `Authorization: Bearer <token>`.',
      );
    const dryRun = /^(1|true|yes)$/i.test(url.searchParams.get('dryRun') ?? '');
    // Refused at the door: recorded like any refused import (the hub's reason, never the request's values).
    const refuse = async (status: number, message: string, reason: string) => {
      await services.imports.recordRefusedAtDoor(
        { datasetKey: key, actor: principal, door: ImportDoor.HTTP, requestId, dryRun },
        reason,
      );
      return new HttpError(status, message);
    };
    if (!key || key.includes('/'))
      throw await refuse(
        404,
        'Upload to /import/<dataset key>, e.g. /import/bpol-crime.',
        'no dataset in the upload path',
      );
    const contentType = String(req.headers['content-type'] ?? '');
    const xlsx = XLSX_TYPES.test(contentType);
    if (!xlsx && !CSV_TYPES.test(contentType)) {
      throw await refuse(
        415,
        'Send the file as `Content-Type: text/csv` (a CSV file) or `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (an .xlsx workbook).',
        'not sent as text/csv or .xlsx',
      );
    }
    const declared = url.searchParams.get('encoding') ?? CHARSET.exec(contentType)?.[1];
    let textEncoding: DeclaredEncoding | undefined;
    try {
      textEncoding = declared ? parseEncoding(declared) : undefined;
    } catch (err) {
      if (!(err instanceof ImportRefused)) throw err;
      throw await refuse(415, err.message, 'an encoding the hub does not read');
    }
    const sheet = url.searchParams.get('sheet') ?? undefined;
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip')
      throw await refuse(415, 'Content-Encoding may be gzip or none.', 'unsupported content encoding');

    // Piped, not passed: a refusal stops reading without destroying the socket the answer goes back on.
    const body = new PassThrough({ highWaterMark: 1 << 20 });
    if (encoding === 'gzip') {
      const gunzip = createGunzip();
      gunzip.on('error', (err) => body.destroy(err));
      req.pipe(gunzip).pipe(body);
    } else {
      req.pipe(body);
    }
    req.on('close', () => {
      if (!req.readableEnded) body.destroy(Object.assign(new Error('upload aborted'), { code: 'ECONNRESET' }));
    });

    const period = url.searchParams.get('period') ?? undefined;
    try {
      const summary = await services.imports.run({
        datasetKey: key,
        actor: principal,
        door: ImportDoor.HTTP,
        source: fileSource(body, { encoding: textEncoding, sheet, format: xlsx ? 'xlsx' : undefined }),
        dryRun,
        period,
        requestId,
      });
      // Nothing was stored: a partner system must not read this as success.
      const answer = summary.allRejected
        ? {
            ...publicSummary(summary),
            error: 'Every row was rejected: nothing was stored. See `rejections` for each row and why.',
            reason: 'ALL_ROWS_REJECTED',
          }
        : publicSummary(summary);
      sendJson(res, summary.allRejected ? 422 : 200, answer, { 'x-request-id': requestId });
    } catch (err) {
      if (!(err instanceof ImportRefused)) throw err;
      const finished = req.readableEnded;
      sendJson(
        res,
        STATUS[err.code] ?? 422,
        { error: err.message, reason: err.code, batchId: err.batchId ?? null },
        { 'x-request-id': requestId, ...(finished ? {} : { connection: 'close' }) },
      );
    } finally {
      // Whatever is left of a refused upload is read and discarded, so the client sees the answer.
      req.unpipe();
      req.resume();
    }
  };
}
