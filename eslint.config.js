// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Lint = typescript-eslint's type-checked rules. The type-aware ones matter most here:
 * a floating promise in a gateway is an unhandled rejection (a crashed process or a lost
 * audit write), and a misused promise in a callback is a check that silently never runs.
 */
export default tseslint.config(
  { ignores: ['node_modules/', '.wrangler/', 'dist/', 'coverage/', 'src/graphql/schema-sdl.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Two programs: Node code, and Workers-only code checked against the Workers types.
        project: ['./tsconfig.json', './tsconfig.workers.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Unions of string literals and numbers in templates are fine; objects are not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Implementing a Promise-returning port without awaiting is normal; the floating- and
      // misused-promise rules catch the real async bugs.
      '@typescript-eslint/require-await': 'off',
      // hono's typed variables are declared by extending one interface in a module augmentation.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Command-line scripts talk to a terminal; the two sinks below are the process's stdout records.
    files: ['scripts/**', 'src/runtime/node.ts', 'src/observability/json-logger.ts', 'src/audit/stdout-audit-sink.ts', 'test/helpers/redis.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // vitest's asymmetric matchers (expect.any(), objectContaining) are typed `any`, and tests read
    // JSON bodies to assert on them; expect(obj.method) passes methods around on purpose.
    files: ['**/*.test.ts', 'test/**'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['eslint.config.js', '.dependency-cruiser.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
);
