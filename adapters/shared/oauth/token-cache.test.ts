import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../test/shared/manual-clock';
import { createTokenCache } from './token-cache';

describe('OAuth token cache', () => {
  it('fetches once for concurrent callers and again only near expiry', async () => {
    const clock = manualClock();
    let fetches = 0;
    const source = createTokenCache(async () => ({ accessToken: `t${++fetches}`, expiresInSeconds: 3600 }), clock);
    expect(await Promise.all([source.get(), source.get(), source.get()])).toEqual(['t1', 't1', 't1']);
    clock.advance(3600_000 - 61_000);
    expect(await source.get()).toBe('t1');
    clock.advance(2_000); // inside the last minute: refresh early
    expect(await source.get()).toBe('t2');
    source.invalidate('t1'); // stale invalidation leaves the current token alone
    expect(await source.get()).toBe('t2');
    source.invalidate('t2');
    expect(await source.get()).toBe('t3');
    expect(fetches).toBe(3);
  });

  it('does not cache a failure', async () => {
    let calls = 0;
    const source = createTokenCache(async () => {
      calls++;
      if (calls === 1) throw new Error('down');
      return { accessToken: 'ok', expiresInSeconds: 60 };
    }, manualClock());
    await expect(source.get()).rejects.toThrow('down');
    expect(await source.get()).toBe('ok');
  });

  it('refreshes a short-lived token a tenth of its life early', async () => {
    const clock = manualClock();
    let fetches = 0;
    const source = createTokenCache(async () => ({ accessToken: `t${++fetches}`, expiresInSeconds: 100 }), clock);
    expect(await source.get()).toBe('t1');
    clock.advance(89_000);
    expect(await source.get()).toBe('t1');
    clock.advance(1_000);
    expect(await source.get()).toBe('t2');
  });

  it('does not let a synchronous throw from the fetcher jam later calls', async () => {
    let calls = 0;
    const source = createTokenCache(() => {
      calls++;
      if (calls === 1) throw new Error('sync');
      return Promise.resolve({ accessToken: 'ok', expiresInSeconds: 60 });
    }, manualClock());
    await expect(source.get()).rejects.toThrow('sync');
    expect(await source.get()).toBe('ok');
  });
});
