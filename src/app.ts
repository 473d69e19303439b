import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Runtime } from './runtime.js';
import { createApollo } from './server/apollo.js';
import { createHttpServer, type RouteHandler } from './server/http.js';
import { IMPORT_ROUTE, importUploadRoute } from './server/import-upload.js';
import { buildHubSchema } from './server/schema.js';

export interface RunningHub {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish, then stops Apollo. Does not close the runtime. */
  stop(): Promise<void>;
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
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? config.port, opts.host ?? config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://localhost:${port}/graphql`,
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await apollo.stop();
      })();
      return stopping;
    },
  };
}
