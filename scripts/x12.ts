/**
 * X12 eligibility tool.
 *   npm run x12 -- 271-to-json <file.edi> [--service-type 30,98] [--tolerate COUNT_MISMATCH,MISSING_TRAILER]
 *   npm run x12 -- 270 <request.json>
 * The JSON for `270` is either an EligibilityRequest, or { "request": ..., "envelope": ... }
 * (envelope fields as write270 takes them; `now` as an ISO string, defaulting to the present).
 * A bad file ends the process with a non-zero exit and one line naming the segment and fault.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { isGatewayError } from '../src/domain/errors';
import { interpret271All, write270, type X12Tolerance } from '../adapters/shared/x12';

const person = z.object({
  memberId: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  birthDate: z.string().optional(),
  gender: z.enum(['M', 'F', 'U']).optional(),
});
const request = z.object({
  payerId: z.string(),
  payerName: z.string().optional(),
  provider: z.object({ npi: z.string(), organizationName: z.string().optional(), lastName: z.string().optional(), firstName: z.string().optional() }),
  subscriber: person,
  dependent: person.optional(),
  serviceTypeCodes: z.array(z.string()).default(['30']),
  dateOfService: z.string(),
  traceNumber: z.string().optional(),
});
const envelope = z.object({
  senderId: z.string().default('CAREGATE'),
  receiverId: z.string().default('CLEARINGHOUSE'),
  interchangeControlNumber: z.number().int().default(1),
  groupControlNumber: z.number().int().optional(),
  transactionControlNumber: z.string().optional(),
  now: z.string().optional(),
  usageIndicator: z.enum(['T', 'P']).default('T'),
});
const wrapped270 = z.object({ request, envelope: envelope.optional() });

export interface CliIo {
  readFile: (path: string) => Uint8Array;
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => Date;
}

const usage = 'usage: x12 271-to-json <file.edi> [--service-type 30,98] [--tolerate COUNT_MISMATCH,MISSING_TRAILER] | x12 270 <request.json>';

const option = (args: string[], name: string): string[] => {
  const index = args.indexOf(name);
  return index === -1 ? [] : (args[index + 1] ?? '').split(',').filter((v) => v !== '');
};

/** Runs one command; returns the exit code (0 ok, 1 bad input file, 2 usage or I/O problem). */
export const runX12Cli = (args: string[], io: CliIo): number => {
  const [command, file] = args;
  if (!command || !file || (command !== '271-to-json' && command !== '270')) {
    io.err(usage);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(file);
  } catch (error) {
    io.err(`x12: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    return 2;
  }
  try {
    if (command === '271-to-json') {
      const tolerate = option(args, '--tolerate').filter((v): v is X12Tolerance => v === 'COUNT_MISMATCH' || v === 'MISSING_TRAILER');
      const responses = interpret271All(bytes, { requestedServiceTypes: option(args, '--service-type'), tolerate });
      io.out(JSON.stringify(responses.length === 1 ? responses[0] : responses, null, 2));
      return 0;
    }
    const json: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const bare = !(json !== null && typeof json === 'object' && 'request' in json);
    const parsed = wrapped270.safeParse(bare ? { request: json } : json);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => (bare ? i.path.slice(1) : i.path).join('.') || '(root)');
      io.err(`x12: ${file} is not a 270 request (check ${[...new Set(fields)].join(', ')})`);
      return 1;
    }
    const req = parsed.data.request;
    const env = envelope.parse(parsed.data.envelope ?? {});
    const now = env.now ? new Date(env.now) : io.now();
    io.out(write270(req, { ...env, now }));
    return 0;
  } catch (error) {
    if (isGatewayError(error)) io.err(`x12: ${error.message}`);
    else if (error instanceof SyntaxError) io.err(`x12: ${file} is not valid JSON`);
    else io.err(`x12: unexpected failure (${error instanceof Error ? error.name : 'unknown'})`);
    return 1;
  }
};

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  process.exitCode = runX12Cli(process.argv.slice(2), {
    readFile: (path) => readFileSync(path),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    now: () => new Date(),
  });
}
