import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryStore } from '../../adapters/state/memory';
import { StateRecordInvalid } from '../ports/state-record';
import { countInvalidRecords } from './count-invalid-records';

describe('countInvalidRecords', () => {
  it('counts a record that does not parse by its namespace and still rejects', async () => {
    const counted: string[] = [];
    const store = countInvalidRecords(createMemoryStore({ clock: { now: () => 0 } }), (namespace) => counted.push(namespace));
    await store.set('ride-idem:abc', { state: 'unknown-state' });
    const schema = z.object({ state: z.enum(['pending', 'booked']) });
    await expect(store.get('ride-idem:abc', schema)).rejects.toBeInstanceOf(StateRecordInvalid);
    await expect(store.getVersioned('ride-idem:abc', schema)).rejects.toBeInstanceOf(StateRecordInvalid);
    // Other writes and reads pass through untouched.
    await store.set('ride-idem:ok', { state: 'pending' });
    expect(await store.get('ride-idem:ok', schema)).toEqual({ state: 'pending' });
    expect(await store.compareAndSet('ride-idem:new', null, { state: 'booked' })).toBe(true);
    expect(counted).toEqual(['ride-idem', 'ride-idem']);
  });
});
