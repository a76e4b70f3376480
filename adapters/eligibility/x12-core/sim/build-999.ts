import { envelope, segment } from './x12-writer';

/**
 * A 005010X231A1 999 implementation acknowledgment that rejects the 270 (IK5/AK9 "R"), as a
 * clearinghouse sends when the inquiry breaks the implementation guide. Simulator only.
 */
export interface Build999Options {
  senderId: string;
  receiverId: string;
  groupControlNumber: string;
  transactionControlNumber: string;
  /** Segment in error: id and position in the transaction set (IK3). */
  segmentId: string;
  segmentPosition: number;
  now: Date;
  interchangeControlNumber: number;
  usageIndicator: string;
}

export function build999(options: Build999Options): string {
  const body = [
    segment('AK1', 'HS', options.groupControlNumber || '0', '005010X279A1'),
    segment('AK2', '270', options.transactionControlNumber || '0001', '005010X279A1'),
    // IK304 8 = segment has data element errors; IK5 R with 5 = one or more segments in error.
    segment('IK3', options.segmentId || 'ST', String(Math.max(1, options.segmentPosition)), '', '8'),
    segment('IK5', 'R', '5'),
    segment('AK9', 'R', '1', '1', '0'),
  ];
  return envelope(
    {
      senderId: options.senderId,
      receiverId: options.receiverId,
      interchangeControlNumber: options.interchangeControlNumber,
      usageIndicator: options.usageIndicator,
      functionalId: 'FA',
      implementation: '005010X231A1',
      setId: '999',
      now: options.now,
    },
    body,
  );
}
