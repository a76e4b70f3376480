import { describe, expect, it } from 'vitest';
import { createKeyHasher } from '../../crypto/key-hasher';
import { rideExternalReference } from './ride-external-reference';

describe('rideExternalReference', () => {
  it('is stable per (partner, key), differs across partners, keys and secrets, and carries neither', async () => {
    const hasher = await createKeyHasher('secret-one');
    const scope = { partnerId: 'partner-a', idempotencyKey: 'appointment-42-ride' };
    const reference = await rideExternalReference(hasher, scope);
    expect(reference).toMatch(/^cg-[A-Za-z0-9_-]{24}$/);
    expect(await rideExternalReference(await createKeyHasher('secret-one'), scope)).toBe(reference);
    expect(await rideExternalReference(hasher, { ...scope, partnerId: 'partner-b' })).not.toBe(reference);
    expect(await rideExternalReference(hasher, { ...scope, idempotencyKey: 'appointment-42-ridf' })).not.toBe(reference);
    expect(await rideExternalReference(await createKeyHasher('secret-two'), scope)).not.toBe(reference);
    expect(reference).not.toContain('appointment');
    expect(reference).not.toContain('partner');
  });
});
