import type { SandboxBenefit, SandboxLookup, SandboxPerson, SandboxRejection } from '../../sandbox-members';
import { sandboxPayers } from '../../sandbox-members';
import type { Inquiry270 } from './read-270';
import { ccyymmdd, envelope, hhmm, segment } from './x12-writer';

/**
 * Builds the 005010X279A1 271 the sandbox payer sends back: the HL tree (20 source, 21
 * receiver, 22 subscriber, 23 dependent), NM1s, the TRN echo, DTP plan dates, EB/MSG benefit
 * lines and AAA rejections where the payer would put them. Simulator only.
 */

export interface Build271Options {
  inquiry: Inquiry270;
  lookup: SandboxLookup;
  now: Date;
  interchangeControlNumber: number;
  /** Echo this trace number instead of the 270's (fault injection). */
  traceNumber?: string;
}

const compact = (isoDate: string) => isoDate.replaceAll('-', '');

const aaa = (rejection: SandboxRejection) => segment('AAA', 'Y', '', rejection.reason, rejection.followUp);

function ebSegments(benefit: SandboxBenefit): string[] {
  const eb = segment(
    'EB',
    benefit.kind,
    benefit.coverageLevel,
    benefit.serviceTypes.join('^'),
    benefit.insuranceType,
    benefit.planCoverage,
    benefit.timePeriod,
    benefit.amount,
    benefit.percent,
    benefit.quantity?.qualifier,
    benefit.quantity?.value,
    benefit.authorizationRequired,
    benefit.network,
  );
  return [eb, ...(benefit.messages ?? []).map((message) => segment('MSG', message))];
}

/** NM1 and DMG of a person; callers put REF and AAA between them, as the 2100C/D order requires. */
function personSegments(
  entity: 'IL' | '03',
  requested: { lastName: string; firstName: string; birthDate: string; gender: string },
  known: SandboxPerson | undefined,
  memberId: string | undefined,
): { nm1: string; dmg: string[] } {
  const lastName = known?.lastName ?? requested.lastName.toUpperCase();
  const firstName = known?.firstName ?? requested.firstName.toUpperCase();
  const birthDate = known ? compact(known.birthDate) : requested.birthDate;
  const gender = known?.gender ?? requested.gender;
  const nm1 = memberId ? segment('NM1', entity, '1', lastName, firstName, '', '', '', 'MI', memberId) : segment('NM1', entity, '1', lastName, firstName);
  return { nm1, dmg: birthDate ? [segment('DMG', 'D8', birthDate, gender)] : [] };
}

export function build271(options: Build271Options): string {
  const { inquiry, lookup, now } = options;
  const traceNumber = options.traceNumber ?? inquiry.trace?.number;
  const trn = traceNumber ? [segment('TRN', '2', traceNumber, inquiry.trace?.originator || '9SANDBOXPY')] : [];
  const payerName = sandboxPayers.find((payer) => payer.id === inquiry.payerId)?.name ?? inquiry.payerName;
  const provider = inquiry.provider;
  const hasDependent = inquiry.dependent !== null;
  const rejection = lookup.kind === 'rejection' ? lookup.rejection : null;

  const body: string[] = [
    segment('BHT', '0022', '11', inquiry.bhtReference || '0', ccyymmdd(now), hhmm(now)),
    segment('HL', '1', '', '20', '1'),
    segment('NM1', 'PR', '2', payerName, '', '', '', '', 'PI', inquiry.payerId),
  ];
  if (rejection?.loop === 'source') {
    // The information source itself cannot answer: no receiver or subscriber loops follow.
    body[1] = segment('HL', '1', '', '20', '0');
    body.push(aaa(rejection));
  } else {
    body.push(
      segment('HL', '2', '1', '21', '1'),
      segment('NM1', '1P', provider.entityType || '2', provider.lastOrOrganizationName, provider.firstName, '', '', '', provider.qualifier || 'XX', provider.id),
      segment('HL', '3', '2', '22', hasDependent ? '1' : '0'),
      ...(hasDependent ? [] : trn),
    );
    const member = lookup.kind === 'member' ? lookup.member : null;
    const subscriber = personSegments('IL', inquiry.subscriber, member?.person, member?.memberId ?? inquiry.subscriber.memberId);
    body.push(subscriber.nm1);
    if (member) body.push(segment('REF', '6P', member.plan.groupNumber), segment('REF', '18', member.plan.planNumber));
    if (rejection?.loop === 'subscriber') body.push(aaa(rejection));
    body.push(...subscriber.dmg);
    if (member) {
      body.push(segment('DTP', '346', 'D8', compact(member.plan.begin)));
      if (member.plan.end) body.push(segment('DTP', '347', 'D8', compact(member.plan.end)));
      if (!hasDependent) body.push(...member.benefits.flatMap(ebSegments));
    }
    if (hasDependent && inquiry.dependent) {
      const dependent = lookup.kind === 'member' ? lookup.dependent : null;
      const person = personSegments('03', inquiry.dependent, dependent ?? undefined, undefined);
      body.push(segment('HL', '4', '3', '23', '0'), ...trn, person.nm1);
      if (rejection?.loop === 'dependent') body.push(aaa(rejection));
      body.push(...person.dmg);
      if (dependent) body.push(segment('INS', 'N', dependent.relationship));
      if (member && dependent) body.push(segment('DTP', '346', 'D8', compact(member.plan.begin)), ...member.benefits.flatMap(ebSegments));
    }
  }
  return envelope(
    {
      senderId: inquiry.receiverId,
      receiverId: inquiry.senderId,
      interchangeControlNumber: options.interchangeControlNumber,
      usageIndicator: inquiry.usageIndicator,
      functionalId: 'HB',
      implementation: '005010X279A1',
      setId: '271',
      now,
    },
    body,
  );
}
