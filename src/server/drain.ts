import type { Server, ServerResponse } from 'node:http';

/** What a drained server left unfinished. */
export interface DrainResult {
  /** Requests still running when the grace period ended, cut off. */
  cancelledRequests: number;
}

export interface Drainable {
  /** Requests being answered now. */
  inFlight(): number;
  /**
   * Stops accepting connections, closes idle keep-alive connections, answers every request
   * in flight (and any that arrives on a connection already open) with `Connection: close`,
   * and waits for them up to `graceMs`; then closes whatever connections are left.
   */
  drain(graceMs: number): Promise<DrainResult>;
}

/**
 * Graceful shutdown for an HTTP server with keep-alive clients. `server.close()` alone
 * stops new connections but leaves a busy keep-alive connection serving request after
 * request: a client sending back to back was answered for as long as the process lived.
 */
export function drainable(server: Server): Drainable {
  const open = new Set<ServerResponse>();
  let draining = false;
  // First in line, before the hub's own handler may answer synchronously.
  server.prependListener('request', (_req, res: ServerResponse) => {
    open.add(res);
    res.once('close', () => {
      open.delete(res);
      // A connection whose answer had already begun when the drain started goes idle now.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
    if (draining) res.setHeader('connection', 'close');
  });
  return {
    inFlight: () => open.size,
    async drain(graceMs) {
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      });
      const timedOut = await Promise.race([closed.then(() => false), graceOver]);
      clearTimeout(timer);
      if (!timedOut) return { cancelledRequests: 0 };
      const cancelledRequests = open.size;
      server.closeAllConnections();
      await closed;
      return { cancelledRequests };
    },
  };
}
