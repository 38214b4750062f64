import { describe, expect, it } from 'vitest';
import { sha256Key, type Storage } from './storage.ts';

/** The shared suite every Storage implementation must pass unchanged. */
export function describeStorage(name: string, create: () => Promise<Storage>) {
  describe(`storage: ${name}`, () => {
    it('returns the exact bytes that were stored, under their SHA-256', async () => {
      const storage = await create();
      const bytes = new Uint8Array([0, 1, 2, 255, 10, 13, 0]);
      const stored = await storage.put(bytes);
      expect(stored).toEqual({ key: sha256Key(bytes), size: 7 });
      expect(await storage.get(stored.key)).toEqual(bytes);
    });

    it('reports a missing key as not found, not as empty', async () => {
      const storage = await create();
      const key = sha256Key(new TextEncoder().encode('never stored'));
      expect(await storage.get(key)).toBeNull();
      expect(await storage.has(key)).toBe(false);
      const empty = await storage.put(new Uint8Array());
      expect(await storage.get(empty.key)).toEqual(new Uint8Array());
    });

    it('keeps one copy of identical content', async () => {
      const storage = await create();
      const first = await storage.put(new TextEncoder().encode('same'));
      const second = await storage.put(new TextEncoder().encode('same'));
      expect(second.key).toBe(first.key);
      expect(await storage.has(first.key)).toBe(true);
    });

    it('refuses keys that are not digests, so no outside name becomes a path', async () => {
      const storage = await create();
      await expect(storage.get('../../etc/passwd')).rejects.toThrow(/SHA-256/);
    });

    it('is not affected by later changes to the caller\'s buffer', async () => {
      const storage = await create();
      const bytes = new TextEncoder().encode('original');
      const { key } = await storage.put(bytes);
      bytes.fill(0);
      expect(new TextDecoder().decode((await storage.get(key)) ?? new Uint8Array())).toBe('original');
    });
  });
}
