import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runX12Cli } from '../../../scripts/x12';
import { interpret270 } from './interpret-270';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixturePath = (name: string) => `test/fixtures/x12/${name}`;

const run = (args: string[], files: Record<string, string> = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = runX12Cli(args, {
    readFile: (path) => (path in files ? new TextEncoder().encode(files[path]) : readFileSync(new URL(path, `file://${root}`))),
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    now: () => new Date('2024-03-01T09:30:00Z'),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

const request = {
  payerId: 'PAYER01',
  provider: { npi: '1234567893', organizationName: 'Sandbox Clinic' },
  subscriber: { memberId: 'ZZT0000001', lastName: 'Testperson', birthDate: '1980-01-31' },
  serviceTypeCodes: ['30', '98'],
  dateOfService: '2024-03-01',
  traceNumber: 'CLI-TRACE',
};

describe('x12 CLI', () => {
  it('271-to-json prints the normalized response', () => {
    const { code, out, err } = run(['271-to-json', fixturePath('LinuxForHealth_x12_subscriber-health-benefit-check.271.edi')]);
    expect([code, err]).toEqual([0, '']);
    expect(JSON.parse(out)).toMatchObject({ status: 'ACTIVE', traceNumber: '93175-012547', payer: { name: 'ABC COMPANY' } });
  });

  it('271-to-json prints an array for several transactions, and honours --tolerate and --service-type', () => {
    expect(JSON.parse(run(['271-to-json', fixturePath('caregate_subscriber-rejections.271.edi')]).out)).toHaveLength(8);
    const machete = run(['271-to-json', fixturePath('phatboyg_Machete_Layout_Specs.271.edi'), '--tolerate', 'COUNT_MISMATCH', '--service-type', '55']);
    expect(machete.code).toBe(0);
    expect(JSON.parse(machete.out).status).toBe('ACTIVE');
  });

  it('270 prints the request as X12, from a bare request or a { request, envelope } file', () => {
    const bare = run(['270', 'req.json'], { 'req.json': JSON.stringify(request) });
    expect(bare.code).toBe(0);
    expect(bare.out).toContain('GS*HS*CAREGATE*CLEARINGHOUSE*20240301*0930*1*X*005010X279A1~');
    expect(interpret270(bare.out)).toMatchObject({ traceNumber: 'CLI-TRACE', serviceTypeCodes: ['30', '98'] });
    const wrapped = run(['270', 'req.json'], { 'req.json': JSON.stringify({ request, envelope: { senderId: 'ME', receiverId: 'YOU', interchangeControlNumber: 7, now: '2025-01-02T03:04:00Z' } }) });
    expect(wrapped.out).toContain('*ZZ*ME             *ZZ*YOU            *250102*0304*^*00501*000000007*0*T*:~');
  });

  it('bad input: one line naming the segment and fault, non-zero exit, no data values', () => {
    const bad = run(['271-to-json', fixturePath('phatboyg_Machete_Layout_Specs.271.edi')]);
    expect(bad).toEqual({ code: 1, out: '', err: 'x12: X12 segment 28 (SE): SE01 does not match the number of segments in the transaction set' });
    expect(run(['270', 'r.json'], { 'r.json': '{"payerId": 1}' })).toMatchObject({ code: 1, err: expect.stringMatching(/^x12: r\.json is not a 270 request \(check payerId, provider/) });
    expect(run(['270', 'r.json'], { 'r.json': '{' })).toMatchObject({ code: 1, err: 'x12: r.json is not valid JSON' });
    expect(run(['270', 'r.json'], { 'r.json': JSON.stringify({ ...request, provider: { npi: '42' } }) }).err).toBe('x12: Cannot write a 270: provider.npi must be 10 digits');
    expect(run(['271-to-json', 'missing.edi']).code).toBe(2);
    expect(run(['frobnicate', 'x']).code).toBe(2);
  });

  it('as a process: exit code 1 and a single stderr line, no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/x12.ts', '271-to-json', fixturePath('phatboyg_Machete_Layout_Specs.271.edi')], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual(['x12: X12 segment 28 (SE): SE01 does not match the number of segments in the transaction set']);
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/x12.ts', '271-to-json', fixturePath('caregate_4010.271.edi')], { cwd: root, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).traceNumber).toBe('V4010-TRACE');
  });
});
