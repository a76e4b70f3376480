import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * schema/*.graphql is the source of truth; this copies it into a TS module so every runtime
 * (Node, workerd, the test pools) gets the same SDL without file-system access.
 * Run by `npm start` / `npm test` before they begin; a test fails if the module is stale.
 */
export function renderSchemaModule(schemaDir: URL): string {
  const files = readdirSync(schemaDir).filter((name) => name.endsWith('.graphql')).sort();
  const parts = files.map((name) => `  // schema/${name}\n  ${JSON.stringify(readFileSync(new URL(name, schemaDir), 'utf8'))},`);
  return `// Generated from schema/*.graphql by scripts/build-schema.ts. Do not edit; edit the .graphql files.\nexport const typeDefs: readonly string[] = [\n${parts.join('\n')}\n];\n`;
}

export const schemaDirUrl = new URL('../schema/', import.meta.url);
export const schemaModuleUrl = new URL('../src/graphql/schema-sdl.generated.ts', import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(schemaModuleUrl, renderSchemaModule(schemaDirUrl));
}
