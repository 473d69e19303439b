import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

const shared = {
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds; Node, and the libraries that
    // Node loads (type-graphql, shield), use the CJS one. Vite would pick the ESM one for
    // our own files: two copies of graphql then refuse to mix. Use Node's choice.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
};

const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent' };

/**
 * Three projects, one `npm test`:
 * - unit: pure logic of the hub and the console, no database (`npm run test:unit`, seconds);
 * - integration: the hub against a real PostgreSQL, in-process and over HTTP;
 * - browser: the console in Debian's Chromium against a real hub, with axe-core.
 */
export default defineConfig({
  ...shared,
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'web/src/**/*.test.ts'],
          env,
          pool: 'forks',
          sequence: { groupOrder: 0 },
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: 'forks',
          env,
          sequence: { groupOrder: 0 },
        },
      },
      {
        ...shared,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // The database, then Chromium and the built console (once per run).
          globalSetup: ['test/support/global-setup.ts', 'test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
          pool: 'forks',
          // One browser and one demo hub at a time, after the other projects have finished:
          // these machines have two cores, and timing-sensitive tests elsewhere (a 5 ms
          // statement timeout) must not share them with Chromium.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          env,
        },
      },
    ],
  },
});
