import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/domain/errors';
import { component, components, element, repetitions } from './elements';
import { allTransactions } from './interchange';
import { readInterchange } from './read-interchange';
import { fixture, fixtureText } from '../../../test/helpers/x12-fixtures';
import { X12Error } from './x12-error';

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240301*0930*^*00501*000000007*0*T*:~';
const tx = (control: string, body: string[]) => {
  const segments = [`ST*271*${control}*005010X279A1`, 'BHT*0022*11*REF*20240301*0930', ...body];
  return [...segments, `SE*${segments.length + 1}*${control}`];
};
const interchange = (transactions: string[][], { ge = transactions.length, iea = 1 } = {}) =>
  [ISA, 'GS*HB*SENDER*RECEIVER*20240301*0930*7*X*005010X279A1~', ...transactions.flat().map((s) => `${s}~`), `GE*${ge}*7~`, `IEA*${iea}*000000007~`].join('');
const minimal = (control = '0001') => tx(control, ['HL*1**20*0', 'NM1*PR*2*PAYER*****PI*P1']);

const expectX12Error = (run: () => unknown, segment: number, reason: string) => {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(X12Error);
  expect(thrown).toBeInstanceOf(GatewayError);
  const error = thrown as X12Error;
  expect({ segment: error.segmentNumber, reason: error.reason }).toEqual({ segment, reason });
  expect(error.code).toBe('UPSTREAM_INVALID');
  expect(error.retryable).toBe(false);
  expect(error.details).toEqual({ segment, reason });
  expect(error.message).toContain(`segment ${segment}`);
  return error;
};

describe('readInterchange: delimiters and tokenizing', () => {
  it('takes the delimiters from the ISA and splits repetitions and components on demand', () => {
    const ix = readInterchange(interchange([tx('0001', ['HL*1**20*1', 'EB*B**1^33^98***27*10*****Y*HC:99213:25'])]));
    expect(ix.delimiters).toEqual({ element: '*', repetition: '^', component: ':', segment: '~' });
    const eb = allTransactions(ix)[0]?.segments.find((s) => s.id === 'EB');
    expect(eb).toBeDefined();
    expect(repetitions(element(eb!, 3))).toEqual(['1', '33', '98']);
    expect(components(element(eb!, 13))).toEqual(['HC', '99213', '25']);
    expect(component(element(eb!, 13), 2)).toBe('99213');
    expect(component(element(eb!, 13), 9)).toBe('');
    expect(repetitions('')).toEqual([]);
  });

  it('reads 0x1D terminators with unusual element, repetition and component characters', () => {
    const ix = readInterchange(fixture('caregate_gs-terminators.271.edi'));
    expect(ix.delimiters).toEqual({ element: '|', repetition: '{', component: '}', segment: '\u001d' });
    const segments = allTransactions(ix)[0]!.segments;
    const ebs = segments.filter((s) => s.id === 'EB');
    expect(repetitions(element(ebs[0]!, 3))).toEqual(['30', '98']);
    expect(components(element(ebs[1]!, 13))).toEqual(['HC', '99213', '25']);
    expect(ix.warnings).toEqual([]);
  });

  it('tolerates a BOM, CRLF and indentation', () => {
    const bytes = fixture('caregate_bom-pretty.271.edi');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const ix = readInterchange(bytes);
    expect(ix.warnings).toEqual([]);
    const ids = allTransactions(ix)[0]!.segments.map((s) => s.id);
    expect(ids.slice(0, 4)).toEqual(['ST', 'BHT', 'HL', 'NM1']);
    // the same text as a string with a BOM, too
    expect(readInterchange(`\uFEFF${fixtureText('caregate_bom-pretty.271.edi').slice(3)}`).segmentCount).toBe(ix.segmentCount);
  });

  it('reads a 4010 envelope: ISA11 is a standards id, so nothing is split on repetitions', () => {
    const ix = readInterchange(fixture('caregate_4010.271.edi'));
    expect(ix.header.version).toBe('00401');
    expect(ix.delimiters.repetition).toBeNull();
    const msg = allTransactions(ix)[0]!.segments.find((s) => s.id === 'MSG')!;
    expect(element(msg, 1)).toBe('DEDUCTIBLE ^ COINSURANCE APPLY');
    expect(ix.warnings).toEqual([]);
  });

  it('handles several functional groups and several ST/SE per interchange', () => {
    const ix = readInterchange(fixture('caregate_dependent-rejections.271.edi'));
    expect(ix.groups.map((g) => g.transactions.map((t) => t.controlNumber))).toEqual([['0001', '0002'], ['0003']]);
    expect(readInterchange(fixture('caregate_subscriber-rejections.271.edi')).groups[0]!.transactions).toHaveLength(8);
  });

  it('reads Latin-1 bytes that are not UTF-8 without losing them', () => {
    const text = interchange([tx('0001', ['HL*1**20*0', 'NM1*PR*2*PAYER*****PI*P1', 'MSG*CAF\u00c9'])]);
    const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    const msg = allTransactions(readInterchange(bytes))[0]!.segments.find((s) => s.id === 'MSG')!;
    expect(element(msg, 1)).toBe('CAF\u00c9');
  });
});

describe('readInterchange: lenient findings become warnings', () => {
  it('flags a control-number mismatch (the LinuxForHealth error sample: SE02 4323 vs ST02 4321)', () => {
    const ix = readInterchange(fixture('LinuxForHealth_x12_subscriber-health-benefit-check-error.271.edi'));
    expect(ix.warnings).toEqual([{ segmentNumber: 10, code: 'CONTROL_NUMBER_MISMATCH', message: 'SE02 differs from ST02' }]);
  });

  it('flags a missing GS08/ST03, BHT02 13 on a 271 and "00" id qualifiers (the seedifferently sample)', () => {
    const codes = readInterchange(fixture('seedifferently_apidocs-v4_raw_x12_support_271.edi')).warnings.map((w) => `${w.segmentNumber}:${w.code}`);
    expect(codes).toEqual(['1:ISA_QUALIFIER', '1:ISA_QUALIFIER', '2:MISSING_VERSION', '3:MISSING_IMPLEMENTATION_REFERENCE', '4:UNEXPECTED_BHT']);
  });

  it('flags GS01 HS on a 271 and GE02/IEA02 mismatches', () => {
    const text = interchange([minimal()]).replace('GS*HB', 'GS*HS').replace('GE*1*7', 'GE*1*8').replace('IEA*1*000000007', 'IEA*1*000000009');
    const codes = readInterchange(text).warnings.map((w) => w.code);
    expect(codes).toEqual(['FUNCTIONAL_ID_MISMATCH', 'CONTROL_NUMBER_MISMATCH', 'CONTROL_NUMBER_MISMATCH']);
  });

  it('flags a missing final terminator but keeps the segment', () => {
    const text = interchange([minimal()]).replace(/~$/, '');
    const ix = readInterchange(text);
    expect(ix.warnings.map((w) => w.code)).toEqual(['UNTERMINATED_SEGMENT']);
    expect(ix.iea).not.toBeNull();
  });

  it('flags an ISA that is not fixed width', () => {
    const text = interchange([minimal()]).replace('*SENDER         *', '*SENDER*');
    expect(readInterchange(text).warnings.map((w) => w.code)).toEqual(['ISA_NOT_FIXED_WIDTH']);
  });
});

describe('readInterchange: faults that may lose data throw X12Error', () => {
  it('wrong SE01 count (the Machete sample says 25 for 26 segments), unless tolerated', () => {
    const error = expectX12Error(() => readInterchange(fixture('phatboyg_Machete_Layout_Specs.271.edi')), 28, 'SEGMENT_COUNT_MISMATCH');
    expect(error.message).toBe('X12 segment 28 (SE): SE01 does not match the number of segments in the transaction set');
    const tolerant = readInterchange(fixture('phatboyg_Machete_Layout_Specs.271.edi'), { tolerate: ['COUNT_MISMATCH'] });
    expect(tolerant.warnings.map((w) => `${w.segmentNumber}:${w.code}`)).toContain('28:SEGMENT_COUNT_MISMATCH');
  });

  it('missing GE/IEA trailers (the node-x12 sample ends after SE), unless tolerated', () => {
    expectX12Error(() => readInterchange(fixture('aaronhuggins_node-x12_271.edi')), 41, 'MISSING_TRAILER');
    const tolerant = readInterchange(fixture('aaronhuggins_node-x12_271.edi'), { tolerate: ['MISSING_TRAILER'] });
    expect(tolerant.warnings.filter((w) => w.code === 'MISSING_TRAILER')).toHaveLength(2);
    expect(allTransactions(tolerant)).toHaveLength(1);
  });

  it('a file truncated inside a transaction: no SE', () => {
    const text = interchange([minimal()]);
    expectX12Error(() => readInterchange(text.slice(0, text.indexOf('SE*'))), 7, 'MISSING_SE');
  });

  it('a transaction without SE before the next ST', () => {
    const text = interchange([minimal('0001'), minimal('0002')], { ge: 2 }).replace('SE*5*0001~', '');
    expectX12Error(() => readInterchange(text), 7, 'MISSING_SE');
  });

  it('wrong GE01 and IEA01 counts', () => {
    expectX12Error(() => readInterchange(interchange([minimal()], { ge: 2 })), 8, 'TRANSACTION_COUNT_MISMATCH');
    expectX12Error(() => readInterchange(interchange([minimal()], { iea: 3 })), 9, 'GROUP_COUNT_MISMATCH');
  });

  it('clashing delimiters', () => {
    expectX12Error(() => readInterchange(ISA.replace('*:~', '**~')), 1, 'DELIMITER_CLASH');
    expectX12Error(() => readInterchange(ISA.replace('*:~', '*:*')), 1, 'DELIMITER_CLASH');
    expectX12Error(() => readInterchange(interchange([minimal()]).replace('*^*00501', '*:*00501')), 1, 'DELIMITER_CLASH');
    expectX12Error(() => readInterchange(interchange([minimal()]).replace('*:~', '*A~')), 1, 'BAD_DELIMITER');
  });

  it('empty input, whitespace only, not X12, binary junk', () => {
    expectX12Error(() => readInterchange(''), 1, 'EMPTY_INPUT');
    expectX12Error(() => readInterchange(new Uint8Array()), 1, 'EMPTY_INPUT');
    expectX12Error(() => readInterchange(' \r\n\t'), 1, 'EMPTY_INPUT');
    expectX12Error(() => readInterchange('<html>Service Unavailable</html>'), 1, 'NOT_X12');
    expectX12Error(() => readInterchange(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0])), 1, 'NOT_X12');
    expectX12Error(() => readInterchange('ISA*00*'), 1, 'ISA_TRUNCATED');
    expectX12Error(() => readInterchange(ISA.slice(0, 100)), 1, 'ISA_TRUNCATED');
  });

  it('junk after the ISA, segments outside envelopes, content after IEA', () => {
    expectX12Error(() => readInterchange(`${ISA}\u0007\u0000garbage~`), 2, 'INVALID_SEGMENT_ID');
    expectX12Error(() => readInterchange(`${ISA}NM1*PR*2*X~`), 2, 'UNEXPECTED_SEGMENT');
    expectX12Error(() => readInterchange(`${interchange([minimal()])}GS*HB~`), 10, 'CONTENT_AFTER_IEA');
    expectX12Error(() => readInterchange(interchange([minimal()]).replace('PAYER*', 'PAY\u001fER*')), 6, 'CONTROL_CHARACTER');
  });

  it('never puts element values in the error message', () => {
    const text = interchange([tx('0001', ['HL*1**20*1', 'NM1*IL*1*SECRETNAME*JANE****MI*SECRETID'])]).replace(/SE\*\d+\*0001/, 'SE*99*0001');
    const error = expectX12Error(() => readInterchange(text), 7, 'SEGMENT_COUNT_MISMATCH');
    expect(error.message).not.toMatch(/SECRET|JANE|99/);
  });
});
