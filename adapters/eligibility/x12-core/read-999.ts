import { readInterchange } from '../../shared/x12';

/**
 * The verdict of a 005010X231A1 999 implementation acknowledgment: AK9 (group) or IK5
 * (transaction) accept/reject codes and which segments and elements were in error.
 * Only codes and positions are kept: they are structural, never PHI.
 */
export interface Acknowledgment999 {
  /** AK901: A accepted, E accepted with errors, P partially accepted, R rejected. */
  groupStatus: string | null;
  /** IK501 of each acknowledged transaction. */
  transactionStatuses: string[];
  /** IK3 segment-level errors: "NM1@8:8" (segment id, position, IK304 code). */
  segmentErrors: string[];
  /** IK4 element-level errors: "3:7" (element position, IK403 code). */
  elementErrors: string[];
}

export function read999(text: string): Acknowledgment999 {
  const interchange = readInterchange(text);
  const transaction = interchange.groups.flatMap((group) => group.transactions).find((candidate) => candidate.setId === '999');
  const segments = transaction?.segments ?? [];
  const value = (elements: readonly string[], n: number) => (elements[n] ?? '').trim();
  const result: Acknowledgment999 = { groupStatus: null, transactionStatuses: [], segmentErrors: [], elementErrors: [] };
  for (const { id, elements } of segments) {
    if (id === 'AK9') result.groupStatus = value(elements, 1) || null;
    else if (id === 'IK5') result.transactionStatuses.push(value(elements, 1));
    else if (id === 'IK3') result.segmentErrors.push(`${value(elements, 1)}@${value(elements, 2)}:${value(elements, 4)}`);
    else if (id === 'IK4') result.elementErrors.push(`${value(elements, 1).split(/[^0-9]/)[0] ?? ''}:${value(elements, 3)}`);
  }
  return result;
}

/** True when the acknowledgment rejects the 270 (nothing more will come for it). */
export const rejects270 = (ack: Acknowledgment999): boolean =>
  ack.groupStatus === 'R' || ack.transactionStatuses.some((status) => status === 'R' || status === 'X');
