import { describe, expect, it } from 'vitest';
import { interpret271, interpret271All } from './interpret-271';
import { X12Error } from './x12-error';

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240301*0930*^*00501*000000007*0*T*:~';
const wrap = (body: string[], setId = '271') => {
  const segments = [`ST*${setId}*0001*005010X279A1`, `BHT*0022*${setId === '271' ? '11' : '13'}*REF*20240301*0930`, ...body];
  segments.push(`SE*${segments.length + 1}*0001`);
  return [ISA, `GS*${setId === '271' ? 'HB' : 'HS'}*SENDER*RECEIVER*20240301*0930*7*X*005010X279A1~`, ...segments.map((s) => `${s}~`), 'GE*1*7~', 'IEA*1*000000007~'].join('');
};
const top = ['HL*1**20*1', 'NM1*PR*2*PAYER*****PI*P1', 'HL*2*1*21*1', 'NM1*1P*2*CLINIC*****XX*1234567893'];
const subscriber = (...benefits: string[]) => wrap([...top, 'HL*3*2*22*0', 'TRN*2*T-1*9X', 'NM1*IL*1*DOE*PAT****MI*M1', ...benefits]);
const codesOf = (warnings: string[]) => warnings.map((w) => w.split(' ')[0]);

describe('interpret271 on unusual but readable 271s', () => {
  it('an EB*1 without service types speaks for the plan', () => {
    expect(interpret271(subscriber('EB*1')).status).toBe('ACTIVE');
    expect(interpret271(subscriber('EB*6**')).status).toBe('INACTIVE');
  });

  it('any active statement on 30 wins over an inactive one', () => {
    expect(interpret271(subscriber('EB*6**30', 'EB*1**30')).status).toBe('ACTIVE');
    expect(interpret271(subscriber('EB*1**98', 'EB*1**88', 'EB*B**30')).status).toBe('UNKNOWN');
  });

  it('keeps unknown codes raw with a null name, including prototype-like codes', () => {
    const [benefit] = interpret271(subscriber('EB*ZZ*constructor*E40^30*toString**99')).benefits;
    expect(benefit?.kind).toEqual({ code: 'ZZ', name: null });
    expect(benefit?.coverageLevel).toEqual({ code: 'constructor', name: null });
    expect(benefit?.serviceTypes).toEqual([{ code: 'E40', name: null }, { code: '30', name: 'Health Benefit Plan Coverage' }]);
    expect(benefit?.insuranceType).toEqual({ code: 'toString', name: null });
    expect(benefit?.timePeriod).toEqual({ code: '99', name: null });
  });

  it('reads EB08 as a fraction, and whole percents with a warning', () => {
    const response = interpret271(subscriber('EB*A**30*****.5', 'EB*A**30*****0.2', 'EB*A**30*****20', 'EB*A**30*****abc', 'EB*A**30*****250'));
    expect(response.benefits.map((b) => b.percent)).toEqual([0.5, 0.2, 0.2, null, null]);
    expect(codesOf(response.warnings)).toEqual(['PERCENT_AS_WHOLE_NUMBER', 'BAD_PERCENT', 'BAD_PERCENT']);
  });

  it('reads EB07 as integer cents without float error, and flags unreadable amounts', () => {
    const response = interpret271(subscriber('EB*C**30***23*0.29', 'EB*C**30***23*1234567.895', 'EB*C**30***23*.5', 'EB*C**30***23*12,00'));
    expect(response.benefits.map((b) => b.amount?.amountMinor ?? null)).toEqual([29, 123456790, 50, null]);
    expect(codesOf(response.warnings)).toEqual(['BAD_AMOUNT']);
  });

  it('reads EB11 authorization and EB12 network codes', () => {
    const response = interpret271(subscriber('EB*B**98********Y*U', 'EB*B**98********N*W', 'EB*B**98********U*N', 'EB*B**98********X*Q'));
    expect(response.benefits.map((b) => [b.authorizationRequired, b.network, b.networkRaw])).toEqual([
      [true, 'UNKNOWN', 'U'],
      [false, 'BOTH', 'W'],
      [null, 'OUT_OF_NETWORK', 'N'],
      [null, 'UNKNOWN', 'Q'],
    ]);
  });

  it('warns about HL parents, unknown levels, unclosed LS loops and stray segments, and goes on', () => {
    const text = wrap([
      'HL*1**20*1', 'NM1*PR*2*PAYER*****PI*P1', 'EB*1**30',
      'HL*2*9*21*1', 'NM1*1P*2*CLINIC*****XX*1234567893',
      'HL*3*2*22*1', 'NM1*IL*1*DOE*PAT****MI*M1', 'XYZ*1',
      'EB*1**30', 'LS*2120', 'NM1*P3*1*JONES*MARCUS', 'EB*B**98***27*10',
      'HL*4*3*99*0', 'EB*6**30',
    ]);
    const response = interpret271(text);
    expect(response.status).toBe('ACTIVE');
    expect(response.benefits.map((b) => b.kind.code)).toEqual(['1', 'B']);
    expect(response.benefits[0]?.relatedEntities[0]?.name).toBe('MARCUS JONES');
    expect(codesOf(response.warnings)).toEqual(['UNEXPECTED_SEGMENT', 'HL_PARENT', 'UNEXPECTED_SEGMENT', 'UNCLOSED_LS', 'UNKNOWN_HL_LEVEL']);
    expect(response.warnings.join(' ')).not.toMatch(/DOE|MARCUS|M1/);
  });

  it('interprets the first of several subscribers and says so', () => {
    const text = wrap([...top, 'HL*3*2*22*0', 'NM1*IL*1*DOE*PAT****MI*M1', 'EB*1**30', 'HL*4*2*22*0', 'NM1*IL*1*ROE*SAM****MI*M2', 'EB*6**30']);
    const response = interpret271(text);
    expect([response.status, response.subscriber?.memberId]).toEqual(['ACTIVE', 'M1']);
    expect(codesOf(response.warnings)).toEqual(['SEVERAL_SUBSCRIBERS']);
  });

  it('reads bad dates as null with a warning', () => {
    const response = interpret271(subscriber('EB*1**30', 'DTP*291*D8*20230230', 'DTP*291*RD8*20230101-2023', 'DTP*348*D8*20240101'));
    expect(response.benefits[0]?.dates.map((d) => [d.start, d.end])).toEqual([[null, null], ['2023-01-01', null], ['2024-01-01', null]]);
    expect(codesOf(response.warnings)).toEqual(['BAD_DATE', 'BAD_DATE']);
  });

  it('refuses an interchange without a 271', () => {
    expect(() => interpret271(wrap(['HL*1**20*1'], '270'))).toThrow(X12Error);
    expect(() => interpret271(wrap(['HL*1**20*1'], '270'))).toThrow(/no 271 transaction/);
  });

  it('gives each transaction its own warnings plus those of its group and of the interchange', () => {
    const part = (control: string) => [`ST*271*${control}*005010X279A1`, 'BHT*0022*11*R*20240301*0930', 'HL*1**20*0', 'NM1*PR*2*PAYER*****PI*P1', `SE*5*${control === '0001' ? '9999' : control}`].map((s) => `${s}~`);
    const text = [
      ISA.replace('000000007', '000000008'),
      'GS*HS*S*R*20240301*0930*1*X*005010X279A1~', ...part('0001'), ...part('0002'), 'GE*2*1~',
      'GS*HB*S*R*20240301*0930*2*X*005010X279A1~', ...part('0003'), 'GE*1*2~',
      'IEA*2*000000007~',
    ].join('');
    const responses = interpret271All(text);
    expect(responses.map((r) => r.warnings.map((w) => w.split(' at ')[0]))).toEqual([
      ['FUNCTIONAL_ID_MISMATCH', 'CONTROL_NUMBER_MISMATCH', 'CONTROL_NUMBER_MISMATCH'],
      ['FUNCTIONAL_ID_MISMATCH', 'CONTROL_NUMBER_MISMATCH'],
      ['CONTROL_NUMBER_MISMATCH'],
    ]);
    expect(responses[0]?.warnings).toContain('CONTROL_NUMBER_MISMATCH at segment 7: SE02 differs from ST02');
    expect(responses[2]?.warnings).toEqual(['CONTROL_NUMBER_MISMATCH at segment 21: IEA02 differs from ISA13']);
  });
});
