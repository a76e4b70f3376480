import { describe, expect, it } from 'vitest';
import type { RideRecord } from './ride-record';
import { createRideEvents } from './ride-events';
import { listeningNow } from './listening-now';

const record = (revision: number) => ({ revision }) as unknown as RideRecord;

describe('listeningNow', () => {
  it('receives an update published after subscribing but before the first next()', async () => {
    const events = createRideEvents();
    const updates = listeningNow(events.subscribe('ride-1'));
    events.publish('ride-1', record(7)); // e.g. a webhook landing while the current state is read
    const step = await updates.next();
    expect(step.value).toEqual({ revision: 7 });
    await updates.return?.();
  });

  it('shows why: a bare yoga subscription misses that update', async () => {
    const events = createRideEvents();
    const updates = events.subscribe('ride-1');
    events.publish('ride-1', record(7));
    const first = updates.next();
    events.publish('ride-1', record(8));
    expect((await first).value).toEqual({ revision: 8 });
    await updates.return?.();
  });

  it('releases the subscription when returned before any update', async () => {
    const events = createRideEvents();
    const updates = listeningNow(events.subscribe('ride-1'));
    expect(await updates.return?.()).toEqual({ done: true, value: undefined });
    expect(await updates.next()).toEqual({ done: true, value: undefined });
  });
});
