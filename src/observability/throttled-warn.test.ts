import { describe, expect, it } from 'vitest';
import { createJsonLogger } from './json-logger';
import { throttledWarn } from './throttled-warn';

describe('throttledWarn', () => {
  it('writes one line per 10 s and says how many it held back', () => {
    const lines: string[] = [];
    let now = 1_000_000;
    const warn = throttledWarn(createJsonLogger({ level: 'info', write: (line) => lines.push(line) }), 'redis error', { now: () => now });
    for (let second = 0; second < 25; second += 2) {
      now = 1_000_000 + second * 1000;
      warn({ code: 'ECONNREFUSED' });
    }
    const written = lines.map((line) => JSON.parse(line) as { msg: string; code: string; suppressed: number });
    // t = 0, 10, 20 s; the four or so in between are counted, not written.
    expect(written.map((line) => line.suppressed)).toEqual([0, 4, 4]);
    expect(written.every((line) => line.msg === 'redis error' && line.code === 'ECONNREFUSED')).toBe(true);
  });
});
