import { z } from 'zod';

const count = (fallback: number) => z.number().int().positive().default(fallback);

/**
 * What one /graphql request may ask for, the same for every partner. Each refusal is
 * `BAD_INPUT` with `extensions.details.limit` naming the limit and `details.max` its value.
 */
export const graphqlLimitsConfig = z.strictObject({
  /** Lexer tokens (`tokens`); checked while parsing, so a huge document stops early. */
  maxTokens: count(2000),
  /**
   * Field selections plus fragment spreads in the document text (`fields`), counted on the parsed
   * document before graphql-js validates it. Real partner documents have 10-100; validation cost
   * grows faster than linearly with this, so it bounds validation CPU.
   */
  maxFields: count(200),
  /**
   * Selections that repeat a sibling's response key (or fragment spread) in one selection set
   * (`duplicateSelections`). Legitimate documents have next to none; hundreds of them make
   * graphql-js's overlap check quadratic (tens to hundreds of ms for one document).
   */
  maxDuplicateSelections: count(20),
  /** Deepest selection nesting (`depth`). The deepest real query (patient -> appointments -> practitioners -> name) is 6. */
  maxDepth: count(12),
  /** graphql-armor's cost estimate (`cost`: objects 2, scalars 1, times 1.5 per depth level). */
  maxCost: count(5000),
  maxAliases: count(30),
  maxDirectives: count(20),
  /**
   * Upstream calls one request may cause (`upstreamCalls`): each eligibility check and each EHR
   * read or search (a DataLoader batch is one call). The fields past the budget fail with
   * BAD_INPUT, the others answer.
   */
  maxUpstreamCalls: count(10),
});
export type GraphqlLimits = z.infer<typeof graphqlLimitsConfig>;

export const DEFAULT_GRAPHQL_LIMITS: GraphqlLimits = graphqlLimitsConfig.parse({});
