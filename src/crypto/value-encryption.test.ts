import { describe, expect, it } from 'vitest';
import { createValueEncryption, EncryptionKeyError, toBase64Url } from './value-encryption';

const randomKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const record = JSON.stringify({ memberId: 'XK4471093', name: 'Upton904', birthDate: '1961-04-03' });

describe('AES-256-GCM value encryption', () => {
  it('seals values (no plaintext, fresh IV each time) and opens them again', async () => {
    const codec = await createValueEncryption(randomKey());
    const a = await codec.encode(record, 'caregate:cache:ehr:abc');
    const b = await codec.encode(record, 'caregate:cache:ehr:abc');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^g1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    for (const secret of ['XK4471093', 'Upton904', '1961-04-03', 'memberId']) expect(a).not.toContain(secret);
    expect(await codec.decode(a, 'caregate:cache:ehr:abc')).toBe(record);
  });

  it('binds the Redis key: a value copied under another key does not open', async () => {
    const codec = await createValueEncryption(randomKey());
    const sealed = await codec.encode(record, 'caregate:cache:ehr:patient-1');
    await expect(codec.decode(sealed, 'caregate:cache:ehr:patient-2')).rejects.toThrow(/authentication/);
  });

  it('detects tampering and refuses plaintext', async () => {
    const codec = await createValueEncryption(randomKey());
    const sealed = await codec.encode(record, 'k');
    const parts = sealed.split('.');
    const body = parts[3] as string;
    const flipped = `${parts.slice(0, 3).join('.')}.${body.startsWith('A') ? 'B' : 'A'}${body.slice(1)}`;
    await expect(codec.decode(flipped, 'k')).rejects.toBeInstanceOf(EncryptionKeyError);
    await expect(codec.decode(record, 'k')).rejects.toThrow(/not sealed/);
  });

  it('rotates: new values use the first key, values sealed with the old key still open', async () => {
    const oldKey = randomKey();
    const newKey = randomKey();
    const before = await createValueEncryption(oldKey);
    const sealedOld = await before.encode(record, 'k');
    const after = await createValueEncryption(`${newKey},${oldKey}`);
    expect(await after.decode(sealedOld, 'k')).toBe(record);
    const sealedNew = await after.encode(record, 'k');
    expect(sealedNew.split('.')[1]).toBe(after.keyIds[0]);
    expect(sealedNew.split('.')[1]).not.toBe(sealedOld.split('.')[1]);
    // Once the old key is dropped, its values no longer open (the cache then answers a miss).
    const onlyNew = await createValueEncryption(newKey);
    await expect(onlyNew.decode(sealedOld, 'k')).rejects.toThrow(/not configured/);
    expect(await onlyNew.decode(sealedNew, 'k')).toBe(record);
  });

  it('accepts base64url keys and refuses wrong lengths or non-base64 without echoing the key', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    await expect(createValueEncryption(toBase64Url(raw))).resolves.toBeDefined();
    const short = btoa('sixteen-byte-key');
    await expect(createValueEncryption(short)).rejects.toThrow('encryption key #1 must be 32 bytes (AES-256), got 16');
    const error = await createValueEncryption(`${randomKey()},not base64!`).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect((error as Error).message).toBe('encryption key #2 is not base64');
  });

  it('handles large values (chunked base64)', async () => {
    const codec = await createValueEncryption(randomKey());
    const big = JSON.stringify({ entries: 'x'.repeat(300_000) });
    expect(await codec.decode(await codec.encode(big, 'k'), 'k')).toBe(big);
  });
});
