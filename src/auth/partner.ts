import type { PartnerConfig } from '../../config/schema';
import type { Scope } from './scopes';

/** The authenticated caller of one request: its config plus the scopes its token carries. */
export interface PartnerContext {
  id: string;
  name: string;
  /** Scopes in the token (already limited to what the partner is granted). */
  scopes: ReadonlySet<Scope>;
  config: PartnerConfig;
}

export const hasScope = (partner: PartnerContext, scope: Scope): boolean => partner.scopes.has(scope);
