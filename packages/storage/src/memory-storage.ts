import { assertKey, sha256Key, type Storage } from './storage.ts';

/** A real in-memory implementation (tests, ephemeral runs); passes the same contract suite as disk. */
export function createMemoryStorage(): Storage {
  const objects = new Map<string, Uint8Array>();
  return {
    async put(bytes) {
      const key = sha256Key(bytes);
      if (!objects.has(key)) objects.set(key, new Uint8Array(bytes));
      return { key, size: bytes.byteLength };
    },
    async get(key) {
      const found = objects.get(assertKey(key));
      return found ? new Uint8Array(found) : null;
    },
    async has(key) {
      return objects.has(assertKey(key));
    },
  };
}
