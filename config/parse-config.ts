import { z } from 'zod';
import { ConfigError } from './config-error';
import { gatewayConfig, type GatewayConfig } from './schema';

export { ConfigError, type ConfigProblem } from './config-error';
export { ConfigProblems, resolveSecret, type EnvLookup } from './config-problems';

const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');

/** Checks that span fields: references resolve, ids are unique, production refuses sandbox-only material. */
function crossFieldIssues(config: GatewayConfig): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const sourceIds = new Set<string>();
  config.sources.forEach((source, index) => {
    if (sourceIds.has(source.id)) issues.push({ path: ['sources', index, 'id'], message: `duplicate source id "${source.id}"` });
    sourceIds.add(source.id);
    for (const [field, value] of Object.entries(source)) {
      if (config.mode === 'production' && typeof value === 'string' && value.startsWith('sandbox://')) {
        issues.push({ path: ['sources', index, field], message: 'sandbox:// URLs are sandbox-only' });
      }
    }
  });
  const partnerIds = new Set<string>();
  config.partners.forEach((partner, index) => {
    if (partnerIds.has(partner.id)) issues.push({ path: ['partners', index, 'id'], message: `duplicate partner id "${partner.id}"` });
    partnerIds.add(partner.id);
    partner.sources.forEach((sourceId, sourceIndex) => {
      if (!sourceIds.has(sourceId)) issues.push({ path: ['partners', index, 'sources', sourceIndex], message: `unknown source "${sourceId}"` });
    });
    if (config.mode === 'production' && partner.id.startsWith('sandbox-')) {
      issues.push({ path: ['partners', index, 'id'], message: 'sandbox partners (and their committed keys) are refused in production' });
    }
  });
  config.signingKeys.forEach((key, index) => {
    if (config.mode === 'production' && 'sandboxKey' in key.privateJwk) {
      issues.push({ path: ['signingKeys', index, 'privateJwk'], message: 'the sandbox signing key is refused in production' });
    }
  });
  if (!config.signingKeys.some((key) => !key.retired)) issues.push({ path: ['signingKeys'], message: 'at least one key must not be retired' });
  if (config.mode === 'production' && !config.keyHashSecret) {
    issues.push({ path: ['keyHashSecret'], message: 'required in production (cache/store key names are HMACs)' });
  }
  return issues;
}

/** Validates raw JSON into a GatewayConfig or throws ConfigError naming every bad field. */
export function parseConfig(raw: unknown): GatewayConfig {
  const parsed = gatewayConfig.safeParse(raw);
  if (!parsed.success) {
    throw ConfigError.of(parsed.error.issues.map((issue) => ({ path: formatPath(issue.path) || '(root)', message: issue.message })));
  }
  const issues = crossFieldIssues(parsed.data);
  if (issues.length > 0) throw ConfigError.of(issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })));
  return parsed.data;
}

export const jsonSchemaOfConfig = (): unknown => z.toJSONSchema(gatewayConfig, { io: 'input' });
