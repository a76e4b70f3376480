/**
 * The one mapping from the sandbox Coverage payer names to the payer ids eligibility routes on.
 * The derived sandbox Coverage names its payer by display only; real EHRs usually carry a
 * clearinghouse payer id, so the sandbox adds one (see data/SOURCES.md). Eligibility sandbox
 * config should list these ids.
 */
export const SANDBOX_PAYER_ID_SYSTEM = 'urn:caregate:payer-id';

export interface SandboxPayer {
  id: string;
  name: string;
}

/** The same ids and names as the eligibility sandbox's payers (adapters/eligibility/sandbox-members.ts). */
export const sandboxPayers: readonly SandboxPayer[] = [
  { id: 'SANDBOX-PAYER-1', name: 'Synthetic Health Plan' },
  { id: 'SANDBOX-PAYER-2', name: 'Sandbox Mutual Insurance' },
];

/** Payer id for a payer display name, or null when the name is not one of ours. */
export const sandboxPayerIdForName = (name: string | undefined): string | null =>
  sandboxPayers.find((payer) => payer.name === name)?.id ?? null;
