import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/principal.js';
import type { ImportLimits } from '../config.js';
import { ImportRefused } from '../ingest/import-errors.js';

/*
 * The HTTP import door's limits on uploads: how many may run at once per key and per
 * agency, and how an upload's body is received (its size, time and rate).
 */

/** Seconds over which an upload's rate is measured against the minimum. */
export const RATE_WINDOW_SECONDS = 5;

/**
 * Uploads in progress per key (or account) and per agency, in this process: a partner
 * cannot take every import connection, nor fill the disk with parallel uploads.
 */
export class ImportSlots {
  private readonly byKey = new Map<string, number>();
  private readonly byAgency = new Map<string, number>();

  constructor(
    private readonly perKey: number,
    private readonly perAgency: number,
  ) {}

  /** A slot (call the function to give it back), or which limit refuses one. */
  take(who: Pick<Principal, 'kind' | 'id' | 'agencyId'>): (() => void) | 'key' | 'agency' {
    const key = `${who.kind}:${who.id}`;
    if ((this.byKey.get(key) ?? 0) >= this.perKey) return 'key';
    if ((this.byAgency.get(who.agencyId) ?? 0) >= this.perAgency) return 'agency';
    const bump = (m: Map<string, number>, k: string, n: number) => {
      const v = (m.get(k) ?? 0) + n;
      if (v > 0) m.set(k, v);
      else m.delete(k);
    };
    bump(this.byKey, key, 1);
    bump(this.byAgency, who.agencyId, 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      bump(this.byKey, key, -1);
      bump(this.byAgency, who.agencyId, -1);
    };
  }
}

/**
 * Receives an upload's body into `file`, refusing one that takes longer than the body
 * timeout, arrives slower than the minimum rate (measured over every five seconds after
 * the first five), grows past the largest upload accepted, or is cut off.
 */
export async function receive(
  req: IncomingMessage,
  file: string,
  limits: Pick<ImportLimits, 'bodyTimeoutSeconds' | 'minBytesPerSecond' | 'maxBytes'>,
  progress: { bytes: number },
): Promise<void> {
  const out = createWriteStream(file);
  const started = Date.now();
  const marks: number[] = [];
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      if (err) {
        req.pause();
        out.destroy();
        reject(err);
      } else out.end(() => resolve());
    };
    const onData = (chunk: Buffer) => {
      progress.bytes += chunk.length;
      if (progress.bytes > limits.maxBytes)
        return finish(
          new ImportRefused(
            'UPLOAD_TOO_LARGE',
            `The upload is larger than the hub accepts (${limits.maxBytes} bytes): nothing was imported. Split the file, or send it compressed (Content-Encoding: gzip).`,
          ),
        );
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => settled || req.resume());
      }
    };
    const onEnd = () => finish();
    const cutOff = () =>
      new ImportRefused(
        'INTERRUPTED',
        'The upload was cut off before the whole file arrived: nothing was imported. Send the whole file again.',
      );
    const onClose = () => {
      if (!req.complete) finish(cutOff());
    };
    const timer = setInterval(() => {
      marks.push(progress.bytes);
      if (Date.now() - started > limits.bodyTimeoutSeconds * 1000)
        return finish(
          new ImportRefused(
            'UPLOAD_TIMEOUT',
            `The upload took longer than ${limits.bodyTimeoutSeconds} s: nothing was imported. Send the file again over a faster link, or in parts.`,
          ),
        );
      if (limits.minBytesPerSecond > 0 && marks.length > RATE_WINDOW_SECONDS) {
        const recent = progress.bytes - marks[marks.length - 1 - RATE_WINDOW_SECONDS];
        if (recent < limits.minBytesPerSecond * RATE_WINDOW_SECONDS)
          finish(
            new ImportRefused(
              'UPLOAD_TOO_SLOW',
              `The upload arrived slower than ${limits.minBytesPerSecond} bytes a second: nothing was imported. Send the file again over a faster link.`,
            ),
          );
      }
    }, 1_000);
    out.on('error', (err) => finish(err));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    if (req.destroyed && !req.complete) finish(cutOff());
  });
}
