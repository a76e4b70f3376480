import type { Scope } from './scopes';

/**
 * The one table from SMART resource scopes to gateway scopes. A gateway scope covers some of
 * SMART v2's permission letters for one FHIR resource: the `.read` scopes cover read and
 * search (`rs`); none of these resources is written through the gateway. Rides have no FHIR
 * resource that means the same thing, so `ride.read` / `ride.write` stay gateway-native.
 */
export const SMART_RESOURCE_SCOPES: Readonly<Record<string, Partial<Record<SmartPermission, Scope>>>> = {
  Patient: { r: 'patient.read', s: 'patient.read' },
  Appointment: { r: 'appointment.read', s: 'appointment.read' },
  Coverage: { r: 'coverage.read', s: 'coverage.read' },
  CoverageEligibilityResponse: { r: 'eligibility.read', s: 'eligibility.read' },
};

/** SMART v2 permission letters, in the order a scope must list them. */
export const SMART_PERMISSIONS = ['c', 'r', 'u', 'd', 's'] as const;
export type SmartPermission = (typeof SMART_PERMISSIONS)[number];

/** SMART v1 permission words and the v2 letters each stands for. */
const V1_PERMISSIONS: Readonly<Record<string, readonly SmartPermission[]>> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': SMART_PERMISSIONS };

/** A parsed `system/<Resource>.<permissions>` scope. */
export interface SmartScope {
  /** A resource of the table, or `*`. */
  resource: string;
  permissions: readonly SmartPermission[];
  /** How the permissions were written, so the grant is said back in the same form. */
  form: 'v1' | 'v2';
}

const SMART_SHAPE = /^(system|user|patient)\/([A-Za-z]+|\*)\.([a-z*]+)$/;

/** Whether `word` is written as a SMART resource scope at all (valid for us or not). */
export const looksLikeSmartScope = (word: string): boolean => SMART_SHAPE.test(word);

/**
 * `system/Patient.rs`, `system/Patient.read`, `system/*.read` -> SmartScope; undefined for a
 * word in a form we do not serve (another context, an unknown resource, letters out of order).
 */
export function parseSmartScope(word: string): SmartScope | undefined {
  const match = SMART_SHAPE.exec(word);
  if (!match || match[1] !== 'system') return undefined;
  const resource = match[2] as string;
  const written = match[3] as string;
  if (resource !== '*' && !(resource in SMART_RESOURCE_SCOPES)) return undefined;
  const v1 = V1_PERMISSIONS[written];
  if (v1) return { resource, permissions: v1, form: 'v1' };
  const letters = [...written];
  const inOrder = SMART_PERMISSIONS.filter((letter) => letters.includes(letter));
  if (inOrder.join('') !== written) return undefined;
  return { resource, permissions: inOrder, form: 'v2' };
}

/** The concrete resources a parsed scope names (`*` = every resource of the table). */
export const resourcesOf = (scope: SmartScope): string[] => (scope.resource === '*' ? Object.keys(SMART_RESOURCE_SCOPES) : [scope.resource]);

/** `system/<Resource>.rs` for every resource of the table (discovery's scopes_supported). */
export const smartScopeExamples = (): string[] =>
  Object.keys(SMART_RESOURCE_SCOPES).flatMap((resource) => [`system/${resource}.rs`, `system/${resource}.read`]);
