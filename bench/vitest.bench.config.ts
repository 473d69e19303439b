import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../vitest.config.js';

/** Benchmarks: real PostgreSQL like the tests, one file at a time, no time limits. */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['bench/**/*.bench.test.ts'],
      testTimeout: 3_600_000,
      hookTimeout: 3_600_000,
      fileParallelism: false,
    },
  }),
);
