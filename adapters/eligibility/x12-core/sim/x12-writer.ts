/**
 * Tiny X12 writer for the simulator: segments from element lists with `*`, `^`, `:` and `~`,
 * trailing empty elements trimmed, and the ISA/GS/ST envelope with correct counts.
 */

export type Elements = readonly (string | undefined)[];

export const segment = (id: string, ...elements: Elements): string => {
  const values = elements.map((value) => value ?? '');
  while (values.length > 0 && values[values.length - 1] === '') values.pop();
  return [id, ...values].join('*');
};

const pad = (value: string, width: number) => value.padEnd(width, ' ').slice(0, width);
const yymmdd = (date: Date) => date.toISOString().slice(2, 10).replaceAll('-', '');
export const ccyymmdd = (date: Date) => date.toISOString().slice(0, 10).replaceAll('-', '');
export const hhmm = (date: Date) => date.toISOString().slice(11, 16).replace(':', '');

export interface EnvelopeSpec {
  senderId: string;
  receiverId: string;
  interchangeControlNumber: number;
  usageIndicator: string;
  /** GS01: HB for 271, FA for 999. */
  functionalId: string;
  /** ST03 / GS08. */
  implementation: string;
  setId: string;
  now: Date;
}

/** Wraps transaction body segments (BHT onwards) in ST/SE, GS/GE and ISA/IEA. */
export function envelope(spec: EnvelopeSpec, body: readonly string[]): string {
  const icn = String(spec.interchangeControlNumber).padStart(9, '0');
  const st = segment('ST', spec.setId, '0001', spec.implementation);
  const se = segment('SE', String(body.length + 2), '0001');
  const segments = [
    segment('ISA', '00', pad('', 10), '00', pad('', 10), 'ZZ', pad(spec.senderId, 15), 'ZZ', pad(spec.receiverId, 15), yymmdd(spec.now), hhmm(spec.now), '^', '00501', icn, '0', spec.usageIndicator, ':'),
    segment('GS', spec.functionalId, spec.senderId, spec.receiverId, ccyymmdd(spec.now), hhmm(spec.now), String(spec.interchangeControlNumber), 'X', spec.implementation),
    st,
    ...body,
    se,
    segment('GE', '1', String(spec.interchangeControlNumber)),
    segment('IEA', '1', icn),
  ];
  return `${segments.join('~\n')}~\n`;
}
