import { describe, expect, it } from 'vitest';
import { createCursorSeal } from './cursor-seal';

const cursor = { sourceId: 'epic-prod', continuation: 'aHR0cHM6Ly9laHIuZXhhbXBsZS5vcmcvZmhpci9QYXRpZW50P19nZXRwYWdlcz0xMjM' };

describe('sealed page cursors', () => {
  it('opens for the partner it was sealed for, with the same secret', async () => {
    const seal = await createCursorSeal('secret-a');
    const sealed = await seal.seal('payer-1', cursor);
    expect(await seal.open('payer-1', sealed)).toEqual(cursor);
    expect(await (await createCursorSeal('secret-a')).open('payer-1', sealed)).toEqual(cursor); // every instance with the secret
  });

  it('does not open for another partner, under another secret, or with any byte changed', async () => {
    const seal = await createCursorSeal('secret-a');
    const sealed = await seal.seal('payer-1', cursor);
    expect(await seal.open('payer-2', sealed)).toBeNull();
    expect(await (await createCursorSeal('secret-b')).open('payer-1', sealed)).toBeNull();
    const bytes = Buffer.from(sealed, 'base64url');
    for (const index of [0, 1, 13, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[index] = (changed[index] as number) ^ 0x80;
      expect(await seal.open('payer-1', changed.toString('base64url'))).toBeNull();
    }
    for (const junk of ['', 'not base64!', 'A', 'AQ', btoa(JSON.stringify([cursor.sourceId, cursor.continuation, 'cursor:mac']))]) {
      expect(await seal.open('payer-1', junk)).toBeNull();
    }
  });

  it('shows nothing of the continuation and never repeats itself', async () => {
    const seal = await createCursorSeal('secret-a');
    const [one, two] = [await seal.seal('payer-1', cursor), await seal.seal('payer-1', cursor)];
    expect(one).not.toBe(two); // fresh IV each time: equal continuations are not linkable
    const decoded = Buffer.from(one, 'base64url').toString('latin1');
    expect(decoded).not.toContain(cursor.sourceId);
    expect(decoded).not.toContain('aHR0c');
    expect(one).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
