import type { Benefit, Rejection } from '../../../src/domain/eligibility';
import { benefitFromEb, rejectionFromAaa, relatedEntityFromNm1 } from './benefit-271';
import { coded } from './codes/coded';
import { referenceQualifierCodes } from './codes/ref01-reference-qualifier';
import { element, optionalElement, type X12Segment } from './elements';
import { parseDtp } from './values';
import type { X12Warning } from './x12-error';

export type PartyLevel = 'source' | 'receiver' | 'subscriber' | 'dependent';

/** One HL level of a 271 (2000A-D) with its name loop (2100) and, for people, benefits (2110). */
export interface PartyLoop {
  hl: X12Segment;
  hlId: string;
  parentId: string;
  level: PartyLevel;
  name: X12Segment | null;
  refs: X12Segment[];
  dates: X12Segment[];
  dmg: X12Segment | null;
  traces: X12Segment[];
  rejections: Rejection[];
  benefits: Benefit[];
  messages: string[];
}

const levelByCode: Record<string, PartyLevel> = { '20': 'source', '21': 'receiver', '22': 'subscriber', '23': 'dependent' };
const loopLetter: Record<PartyLevel, string> = { source: 'A', receiver: 'B', subscriber: 'C', dependent: 'D' };
const expectedParent: Record<PartyLevel, PartyLevel | null> = { source: null, receiver: 'source', subscriber: 'receiver', dependent: 'subscriber' };

/** Name-loop segments we read elsewhere or deliberately pass over (addresses, contacts, diagnoses). */
const ignoredInName = new Set(['N3', 'N4', 'PER', 'PRV', 'INS', 'HI', 'MPI']);
const ignoredInBenefit = new Set(['HSD']);
const ignoredInRelated = new Set(['N3', 'N4', 'PER', 'PRV']);

type Stage = '2000' | '2100' | '2110' | '2120';

/**
 * Walks a 271's segments once and files each under its HL level and loop. Out-of-place
 * segments become warnings, never errors: the benefits around them are still good data.
 */
export const collectLoops = (segments: readonly X12Segment[], warnings: X12Warning[]): PartyLoop[] => {
  const loops: PartyLoop[] = [];
  const byId = new Map<string, PartyLoop>();
  let current: PartyLoop | null = null;
  let skipping = false;
  let stage: Stage = '2000';
  let benefit: Benefit | null = null;

  const unexpected = (segment: X12Segment, where: string) =>
    warnings.push({ segmentNumber: segment.number, code: 'UNEXPECTED_SEGMENT', message: `${segment.id} is not expected ${where}; ignored` });

  const openLevel = (hl: X12Segment) => {
    const level = levelByCode[element(hl, 3)];
    if (!level) {
      warnings.push({ segmentNumber: hl.number, code: 'UNKNOWN_HL_LEVEL', message: 'HL03 is not an eligibility level (20, 21, 22, 23); its segments are skipped' });
      current = null;
      skipping = true;
      return;
    }
    const loop: PartyLoop = {
      hl,
      hlId: element(hl, 1),
      parentId: element(hl, 2),
      level,
      name: null,
      refs: [],
      dates: [],
      dmg: null,
      traces: [],
      rejections: [],
      benefits: [],
      messages: [],
    };
    const parent = byId.get(loop.parentId);
    const wanted = expectedParent[level];
    if ((wanted === null && loop.parentId !== '') || (wanted !== null && parent?.level !== wanted)) {
      warnings.push({ segmentNumber: hl.number, code: 'HL_PARENT', message: 'HL02 does not point to the expected parent level' });
    }
    loops.push(loop);
    if (!byId.has(loop.hlId)) byId.set(loop.hlId, loop);
    current = loop;
    skipping = false;
  };

  for (const segment of segments) {
    if (segment.id === 'ST' || segment.id === 'SE' || segment.id === 'BHT') continue;
    if (stage === '2120' && !(segment.id === 'NM1' || segment.id === 'LE' || ignoredInRelated.has(segment.id))) {
      warnings.push({ segmentNumber: segment.number, code: 'UNCLOSED_LS', message: 'an LS loop is not closed by LE' });
      stage = '2110';
    }
    if (segment.id === 'HL') {
      openLevel(segment);
      stage = '2000';
      benefit = null;
      continue;
    }
    const loop = current as PartyLoop | null;
    if (!loop) {
      if (!skipping) unexpected(segment, 'before the first HL');
      continue;
    }
    const loopCode = `${stage}${loopLetter[loop.level]}`;
    if (segment.id === 'AAA') {
      loop.rejections.push(rejectionFromAaa(segment, loop.level, loopCode));
      continue;
    }

    if (stage === '2120') {
      if (segment.id === 'NM1' && benefit) {
        benefit.relatedEntities.push(relatedEntityFromNm1(segment));
      } else if (segment.id === 'LE') {
        stage = '2110';
      }
      continue;
    }

    if (segment.id === 'EB') {
      if (loop.level === 'subscriber' || loop.level === 'dependent') {
        benefit = benefitFromEb(segment, warnings);
        loop.benefits.push(benefit);
        stage = '2110';
      } else unexpected(segment, `in loop ${loopCode}`);
      continue;
    }

    if (stage === '2110' && benefit) {
      switch (segment.id) {
        case 'DTP':
          benefit.dates.push(parseDtp(segment, warnings));
          break;
        case 'REF':
          benefit.references.push({
            qualifier: coded(referenceQualifierCodes, element(segment, 1)),
            value: element(segment, 2),
            description: optionalElement(segment, 3),
          });
          break;
        case 'MSG':
          benefit.messages.push(element(segment, 1));
          break;
        case 'III':
          benefit.additionalInfo.push({ qualifier: element(segment, 1), code: element(segment, 2) });
          break;
        case 'LS':
          stage = '2120';
          break;
        default:
          if (!ignoredInBenefit.has(segment.id)) unexpected(segment, `in loop ${loopCode}`);
      }
      continue;
    }

    switch (segment.id) {
      case 'NM1':
        if (loop.name) unexpected(segment, `twice in loop 2100${loopLetter[loop.level]}`);
        else loop.name = segment;
        stage = '2100';
        break;
      case 'TRN':
        loop.traces.push(segment);
        break;
      case 'REF':
        loop.refs.push(segment);
        break;
      case 'DTP':
        loop.dates.push(segment);
        break;
      case 'DMG':
        loop.dmg = segment;
        break;
      case 'MSG':
        loop.messages.push(element(segment, 1));
        break;
      default:
        if (!ignoredInName.has(segment.id)) unexpected(segment, `in loop ${loopCode}`);
    }
  }
  if (stage === '2120') {
    const last = segments[segments.length - 1];
    warnings.push({ segmentNumber: last?.number ?? 0, code: 'UNCLOSED_LS', message: 'an LS loop is not closed by LE' });
  }
  return loops;
};
