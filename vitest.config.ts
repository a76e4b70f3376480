import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'adapters/**/*.test.ts', 'config/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/workers/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Redis-backed suites share one server; files run in parallel but keys are namespaced per run.
    pool: 'forks',
  },
});
