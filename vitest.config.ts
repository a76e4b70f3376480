import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds. Node loads the CJS one for yoga and
    // friends; without this alias vite would hand our own files the ESM one, and two graphql
    // instances break `instanceof GraphQLError` (dual-package hazard). `npm start` has one.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts', 'adapters/**/*.test.ts', 'config/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/workers/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most suites wait on loopback sockets, Redis and timers rather than the CPU, so three
    // workers on a 2-core machine finish sooner than vitest's default (cores - 1 = one worker).
    maxWorkers: 3,
  },
});
