/**
 * The dependency rule of docs/architecture.md, checked by `npm run check:layers` (CI).
 * Dependencies point inward: domain <- ports <- services/auth <- graphql|http <- runtime;
 * adapters implement ports and are wired only by the composition roots.
 */
const notTest = '(?<!\\.test)\\.ts$';
/** Tests beside the code may wire real parts (a memory Store, a Redis helper, a script under test). */
const testFile = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one; split the shared part out.',
      from: {},
      to: { circular: true, viaOnly: { pathNot: '^node_modules' } },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain is the vocabulary: it depends on nothing else of ours.',
      from: { path: '^src/domain/', pathNot: testFile },
      to: { path: '^(src/(?!domain/)|adapters/|config/|test/|scripts/)' },
    },
    {
      name: 'ports-know-only-the-domain',
      severity: 'error',
      from: { path: '^src/ports/', pathNot: testFile },
      to: { path: '^(src/(?!domain/|ports/)|adapters/|config/|test/|scripts/)' },
    },
    {
      name: 'graphql-and-http-are-siblings',
      severity: 'error',
      comment: 'Shared request concerns live in src/pipeline, not in one of the two transports.',
      from: { path: '^src/graphql/', pathNot: testFile },
      to: { path: '^src/http/' },
    },
    {
      name: 'http-and-graphql-are-siblings',
      severity: 'error',
      from: { path: '^src/http/', pathNot: testFile },
      to: { path: '^src/graphql/' },
    },
    {
      name: 'inner-layers-do-not-reach-out',
      severity: 'error',
      comment: 'Only the composition roots (src/runtime) choose adapters and wire transports.',
      from: { path: '^src/(domain|ports|services|auth|audit|crypto|observability|pipeline)/', pathNot: testFile },
      to: { path: '^(src/(graphql|http|runtime)/|adapters/)' },
    },
    {
      name: 'transports-do-not-wire',
      severity: 'error',
      from: { path: '^src/(graphql|http)/', pathNot: testFile },
      to: { path: '^(src/runtime/|adapters/)' },
    },
    {
      name: 'adapters-implement-ports',
      severity: 'error',
      comment: 'An adapter sees the domain, the ports and the shared adapter kits, nothing of the app.',
      from: { path: '^adapters/', pathNot: testFile },
      to: { path: '^(src/(?!domain/|ports/)|scripts/|test/)' },
    },
    {
      name: 'production-code-never-imports-tests',
      severity: 'error',
      from: { path: `^(src|adapters|config)/.*${notTest}` },
      to: { path: '(^test/|\\.test\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type import is still a dependency on that layer's vocabulary.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^node_modules|schema-sdl\\.generated\\.ts$)' },
  },
};
