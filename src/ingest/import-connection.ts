import type pg from 'pg';
import type { Logger } from 'pino';

/** A batch under way: its connection (released once), and what cancels its statement when its client goes. */
export class ImportConnection {
  client: pg.PoolClient | undefined;
  private released = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  get open(): boolean {
    return !!this.client && !this.released;
  }

  release(destroy: boolean): void {
    if (this.released || !this.client) return;
    this.released = true;
    // A connection that failed mid-COPY is discarded rather than returned to the pool.
    this.client.release(destroy);
  }

  /** The client has gone: cancel the statement under way (the pipeline stops at its next row). */
  readonly cancel = () => {
    const pid = (this.client as { processID?: number } | undefined)?.processID;
    if (pid && !this.released)
      this.pool.query('select pg_cancel_backend($1)', [pid]).catch((err: unknown) => {
        this.log.warn({ err }, 'could not cancel the import of a client that has gone');
        (this.client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      });
  };
}
