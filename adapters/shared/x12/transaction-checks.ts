import { element, type X12Segment } from './elements';
import type { X12FunctionalGroup, X12Transaction } from './interchange';
import type { X12Warning } from './x12-error';

/** GS01 functional identifier expected for each transaction set we are likely to meet. */
const functionalIds: Record<string, string> = {
  '270': 'HS',
  '271': 'HB',
  '276': 'HR',
  '277': 'HN',
  '278': 'HI',
  '834': 'BE',
  '835': 'HP',
  '837': 'HC',
  '997': 'FA',
  '999': 'FA',
};

/** BHT02 transaction set purpose codes allowed by 005010X279A1. */
const bhtPurposes: Record<string, readonly string[]> = {
  '270': ['13', '01', '36'],
  '271': ['11', '06'],
};

/**
 * Checks that never make us refuse a transaction: functional id, implementation reference
 * and BHT quirks. Each finding names the element, never its value.
 */
export const checkTransaction = (group: X12FunctionalGroup, transaction: X12Transaction, isa12: string): X12Warning[] => {
  const warnings: X12Warning[] = [];
  const st = transaction.segments[0] as X12Segment;
  const expectedFunctionalId = functionalIds[transaction.setId];
  if (expectedFunctionalId && group.functionalId !== expectedFunctionalId) {
    warnings.push({ segmentNumber: group.gs.number, code: 'FUNCTIONAL_ID_MISMATCH', message: `GS01 does not match transaction set ${transaction.setId}` });
  }
  const st03 = element(st, 3);
  if (isa12 >= '00501' && st03 === '') {
    warnings.push({ segmentNumber: st.number, code: 'MISSING_IMPLEMENTATION_REFERENCE', message: 'ST03 (implementation convention reference) is missing' });
  } else if (st03 !== '' && group.version !== null && st03 !== group.version) {
    warnings.push({ segmentNumber: st.number, code: 'VERSION_MISMATCH', message: 'ST03 differs from GS08' });
  }
  const reference = st03 || group.version;
  if ((transaction.setId === '270' || transaction.setId === '271') && reference !== null && reference.startsWith('005010') && reference !== '005010X279A1') {
    warnings.push({ segmentNumber: st03 ? st.number : group.gs.number, code: 'VERSION_MISMATCH', message: 'the implementation guide is not 005010X279A1' });
  }

  const purposes = bhtPurposes[transaction.setId];
  if (purposes) {
    const bht = transaction.segments[1];
    if (!bht || bht.id !== 'BHT') {
      warnings.push({ segmentNumber: bht?.number ?? st.number, code: 'UNEXPECTED_BHT', message: 'the BHT segment does not follow ST' });
    } else {
      if (element(bht, 1) !== '0022') {
        warnings.push({ segmentNumber: bht.number, code: 'UNEXPECTED_BHT', message: 'BHT01 is not 0022 (information source, receiver, subscriber, dependent)' });
      }
      if (!purposes.includes(element(bht, 2))) {
        warnings.push({ segmentNumber: bht.number, code: 'UNEXPECTED_BHT', message: `BHT02 is not a purpose code allowed in a ${transaction.setId}` });
      }
    }
  }
  return warnings;
};
