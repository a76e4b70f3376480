/** One audit event: who touched which PHI records, how, and with what outcome. Ids only. */
export interface AuditEvent {
  time: string;
  requestId: string;
  partnerId: string;
  operationName: string | null;
  /** read | search | create | cancel | ... */
  action: string;
  resourceType: string;
  /** Gateway global ids of the records touched. Never names, birth dates or member ids. */
  resourceIds: string[];
  sourceId: string | null;
  outcome: 'success' | 'failure' | 'denied';
}

/** Where audit events go. A write that rejects must fail the PHI access that caused it. */
export interface AuditSink {
  write(event: AuditEvent): Promise<void>;
}
