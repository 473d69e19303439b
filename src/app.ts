import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Runtime } from './runtime.js';
import { createApollo } from './server/apollo.js';
import { drainable, type DrainResult } from './server/drain.js';
import { createHttpServer, type RouteHandler } from './server/http.js';
import { IMPORT_ROUTE, importUploadRoute } from './server/import-upload.js';
import { metricsPlugin } from './metrics.js';
import { buildHubSchema } from './server/schema.js';

export interface RunningHub {
  server: Server;
  url: string;
  port: number;
  /**
   * Stops accepting, closes idle keep-alive connections, lets in-flight requests finish
   * (within `graceMs`, then cuts them off), then stops Apollo. Does not close the runtime.
   */
  stop(graceMs?: number): Promise<DrainResult>;
  /** Requests being answered now. */
  inFlight(): number;
}

export interface StartOptions {
  port?: number;
  host?: string;
  routes?: Record<string, RouteHandler>;
  /** Benchmarks only (bench/audit): `false` serves without the audit trail. Not a configuration option. */
  audit?: false;
}

export async function startHub(runtime: Runtime, opts: StartOptions = {}): Promise<RunningHub> {
  const { services, config } = runtime;
  const schema = await buildHubSchema();
  const apollo = createApollo({
    schema,
    logger: services.logger,
    introspection: config.introspection,
    limits: config.limits,
    statementTimeoutMs: config.statementTimeoutMs,
    audit: opts.audit === false ? false : services.audit,
    plugins: [metricsPlugin(schema)],
  });
  await apollo.start();
  const server = createHttpServer({
    apollo,
    schema,
    services,
    routes: { [IMPORT_ROUTE]: importUploadRoute(services), ...opts.routes },
    readiness: async () => {
      await services.pool.query('select 1');
      return true;
    },
  });
  const drain = drainable(server);
  server.keepAliveTimeout = 5_000;
  // Receiving a request, body included (not answering it): an upload has the import body timeout.
  server.requestTimeout = Math.max(120_000, (config.imports.bodyTimeoutSeconds + 5) * 1000);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? config.port, opts.host ?? config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<DrainResult> | undefined;
  return {
    server,
    port,
    url: `http://localhost:${port}/graphql`,
    inFlight: () => drain.inFlight(),
    stop(graceMs = 2 ** 31 - 1) {
      stopping ??= (async () => {
        const result = await drain.drain(graceMs);
        await apollo.stop();
        return result;
      })();
      return stopping;
    },
  };
}
