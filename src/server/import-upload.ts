import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GraphQLError } from 'graphql';
import type { Principal } from '../auth/principal.js';
import type { Services } from '../context.js';
import { CSRF_HEADER, parseCookies, SESSION_COOKIE } from '../auth/console-sessions.js';
import { ImportRefused, type RefusalCode } from '../ingest/import-errors.js';
import { publicSummary } from '../ingest/import-summary.js';
import { parseEncoding, type DeclaredEncoding } from '../ingest/encoding.js';
import { fileSource } from '../ingest/record-source.js';
import { classifyDatabaseError, serviceBusy, serviceUnavailable } from './db-errors.js';
import { HttpError, sendJson, type RouteHandler } from './http.js';
import { ImportDoor } from '../domain/api-enums.js';
import { ImportSlots, receive } from './import-upload-limits.js';

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
  TOO_MANY_IMPORTS: 429,
  UPLOAD_TOO_SLOW: 408,
  UPLOAD_TIMEOUT: 408,
  UPLOAD_TOO_LARGE: 413,
  BAD_PERIOD: 400,
  BAD_ENCODING: 415,
  UNSUPPORTED_FORMAT: 415,
};

/** A refusal at the door, before any upload is received: the answer, and the reason recorded. */
interface DoorRefusal {
  status: number;
  message: string;
  reason: string;
}

/** What an upload declares: its file's format, text encoding, worksheet, compression and period. */
interface UploadRequest {
  xlsx: boolean;
  textEncoding?: DeclaredEncoding;
  sheet?: string;
  encoding: string;
  period?: string;
}

/** The uploader, from its key, token or console session (cookie and CSRF header); 401 without one. */
async function uploader(services: Services, req: IncomingMessage, res: ServerResponse): Promise<Principal> {
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
      // No connection for the credentials' check: "busy" (or the database down), not a bare 500.
      const fault = classifyDatabaseError(err);
      if (fault === 'busy' || fault === 'unavailable') {
        res.setHeader('retry-after', fault === 'busy' ? '2' : '5');
        throw new HttpError(503, (fault === 'busy' ? serviceBusy() : serviceUnavailable()).message);
      }
      throw err;
    });
  if (!principal)
    throw new HttpError(
      401,
      'Authentication required: send `X-Api-Key` (a key with the IMPORT scope) or `Authorization: Bearer <token>`.',
    );
  return principal;
}

/** What the upload declares (path, content type, query and headers), or why the door refuses it. */
function readUploadRequest(key: string, url: URL, req: IncomingMessage): UploadRequest | DoorRefusal {
  if (!key || key.includes('/'))
    return {
      status: 404,
      message: 'Upload to /import/<dataset key>, e.g. /import/bpol-crime.',
      reason: 'no dataset in the upload path',
    };
  const contentType = String(req.headers['content-type'] ?? '');
  const xlsx = XLSX_TYPES.test(contentType);
  if (!xlsx && !CSV_TYPES.test(contentType)) {
    return {
      status: 415,
      message:
        'Send the file as `Content-Type: text/csv` (a CSV file) or `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (an .xlsx workbook).',
      reason: 'not sent as text/csv or .xlsx',
    };
  }
  const declared = url.searchParams.get('encoding') ?? CHARSET.exec(contentType)?.[1];
  let textEncoding: DeclaredEncoding | undefined;
  try {
    textEncoding = declared ? parseEncoding(declared) : undefined;
  } catch (err) {
    if (!(err instanceof ImportRefused)) throw err;
    return { status: 415, message: err.message, reason: 'an encoding the hub does not read' };
  }
  const sheet = url.searchParams.get('sheet') ?? undefined;
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip')
    return { status: 415, message: 'Content-Encoding may be gzip or none.', reason: 'unsupported content encoding' };
  return { xlsx, textEncoding, sheet, encoding, period: url.searchParams.get('period') ?? undefined };
}

/** Answers an import refused (or failed) with its reason, unless an answer has already gone. */
function answerRefusal(req: IncomingMessage, res: ServerResponse, requestId: string, err: ImportRefused): void {
  if (res.headersSent || res.destroyed) return;
  // An upload refused before it was read whole: the connection closes after the answer.
  const headers: Record<string, string> = { 'x-request-id': requestId };
  if (!req.readableEnded) headers.connection = 'close';
  if (err.retryAfterSeconds) headers['retry-after'] = String(err.retryAfterSeconds);
  const status = err.code === 'BUSY' && err.retryAfterSeconds ? 503 : (STATUS[err.code] ?? 422);
  sendJson(res, status, { error: err.message, reason: err.code, batchId: err.batchId ?? null }, headers);
}

type ImportAttempt = Parameters<Services['imports']['preflight']>[0];

/** An import slot for the uploader, or a TOO_MANY_IMPORTS refusal (recorded). */
async function takeSlot(
  services: Services,
  slots: ImportSlots,
  attempt: ImportAttempt,
  principal: Principal,
): Promise<() => void> {
  const limits = services.config.imports;
  const slot = slots.take(principal);
  if (typeof slot !== 'string') return slot;
  await services.imports.recordRefusedAtDoor(attempt, `too many concurrent imports for this ${slot}`);
  throw new ImportRefused(
    'TOO_MANY_IMPORTS',
    slot === 'key'
      ? `Too many imports at once from this key or account (at most ${limits.concurrentPerKey}): nothing was imported. Send the file again when one has finished.`
      : `Too many imports at once from your agency (at most ${limits.concurrentPerAgency}): nothing was imported. Send the file again when one has finished.`,
    { retryAfterSeconds: 10 },
  );
}

/**
 * Imports the received file and answers: its summary (422 when every row was rejected),
 * or, for a large upload or `Prefer: respond-async`, 202 with the batch id once the batch
 * is recorded. A client that disconnects before a synchronous answer has its import cancelled.
 */
async function importReceived(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  attempt: ImportAttempt,
  upload: UploadRequest,
  file: string,
  bytes: number,
): Promise<void> {
  // The hub's own work is not the client's to time out: big files (or `Prefer:
  // respond-async`) get 202 and a batch id to poll once the batch is recorded.
  const respondAsync =
    /\brespond-async\b/i.test(String(req.headers.prefer ?? '')) || bytes >= services.config.imports.asyncBytes;
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) gone.abort(new Error('the client disconnected'));
  });
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    let body: Readable = raw;
    if (upload.encoding === 'gzip') {
      const gunzip = createGunzip();
      raw.on('error', (err: Error) => gunzip.destroy(err));
      body = raw.pipe(gunzip);
    }
    const { textEncoding: encoding, sheet, xlsx } = upload;
    const summary = await services.imports.run({
      ...attempt,
      source: fileSource(body, { encoding, sheet, format: xlsx ? 'xlsx' : undefined }),
      signal: respondAsync ? undefined : gone.signal,
      onRunning: respondAsync
        ? (batchId) =>
            sendJson(
              res,
              202,
              {
                batchId,
                dataset: attempt.datasetKey,
                status: 'RUNNING',
                bytes,
                message:
                  'Received: the file is being imported. Ask for the batch with the importBatch query (its status becomes COMMITTED, REJECTED or FAILED).',
              },
              { 'x-request-id': requestId },
            )
        : undefined,
    });
    if (res.headersSent) return;
    // Nothing was stored: a partner system must not read this as success.
    const answer = summary.allRejected
      ? {
          ...publicSummary(summary),
          error: 'Every row was rejected: nothing was stored. See `rejections` for each row and why.',
          reason: 'ALL_ROWS_REJECTED',
        }
      : publicSummary(summary);
    sendJson(res, summary.allRejected ? 422 : 200, answer, { 'x-request-id': requestId });
  } finally {
    raw.destroy();
  }
}

/**
 * The HTTP door of the ingest pipeline, for partner systems (API key with the IMPORT
 * scope) and provider accounts (bearer token). The body is received into a temporary
 * file first (never into memory, and without a database connection: see receive()), then
 * streamed through the pipeline: a CSV file (`text/csv`, in UTF-8, UTF-16 with a byte order mark
 * or Windows-1252: `?encoding=` or a `charset` declares it, else it is detected) or an
 * .xlsx workbook (its content type, or any file whose bytes are one; `?sheet=` names the
 * worksheet). `?dryRun=true` validates only, `?period=2026-Q1` declares the submission
 * period; `Content-Encoding: gzip` is accepted. A batch whose every row was rejected is
 * answered 422, with the same summary (status REJECTED) as any batch. A large upload, or
 * one sent with `Prefer: respond-async`, is answered 202 with its batch id once the batch
 * is recorded; a client that disconnects before its answer has its import cancelled.
 */
export function importUploadRoute(services: Services): RouteHandler {
  const limits = services.config.imports;
  const slots = new ImportSlots(limits.concurrentPerKey, limits.concurrentPerAgency);
  return async (req: IncomingMessage, res: ServerResponse, { requestId }) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    let key = '';
    try {
      key = decodeURIComponent(url.pathname.slice('/import/'.length));
    } catch {
      // a malformed escape: no such dataset
    }
    const principal = await uploader(services, req, res);
    const dryRun = /^(1|true|yes)$/i.test(url.searchParams.get('dryRun') ?? '');
    const upload = readUploadRequest(key, url, req);
    if ('reason' in upload) {
      // Refused at the door: recorded like any refused import (the hub's reason, never the request's values).
      await services.imports.recordRefusedAtDoor(
        { datasetKey: key, actor: principal, door: ImportDoor.HTTP, requestId, dryRun },
        upload.reason,
      );
      throw new HttpError(upload.status, upload.message);
    }
    const attempt = {
      datasetKey: key,
      actor: principal,
      door: ImportDoor.HTTP,
      requestId,
      dryRun,
      period: upload.period,
    };

    let release: (() => void) | undefined;
    let dir: string | undefined;
    let received = false;
    try {
      // The dataset exists and the caller may import into it: checked before the upload is received.
      await services.imports.preflight(attempt);
      release = await takeSlot(services, slots, attempt, principal);

      // The body is received in full, into a file, before a database connection is taken:
      // a slow or stalled client holds only its own socket, and is cut off (docs/datasets.md).
      dir = await mkdtemp(path.join(tmpdir(), 'hub-upload-'));
      const file = path.join(dir, 'body');
      const progress = { bytes: 0 };
      try {
        await receive(req, file, limits, progress);
      } catch (err) {
        if (!(err instanceof ImportRefused)) throw err;
        await services.imports.recordFailedAttempt(attempt, err, progress.bytes);
        throw err;
      }
      received = true;
      await importReceived(services, req, res, requestId, attempt, upload, file, progress.bytes);
    } catch (err) {
      if (!(err instanceof ImportRefused)) throw err;
      answerRefusal(req, res, requestId, err);
    } finally {
      release?.();
      if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      // A refusal before the upload was read: what is left of it is read and discarded, so the client sees the answer.
      if (!received && !req.readableEnded && !req.destroyed) req.resume();
    }
  };
}
