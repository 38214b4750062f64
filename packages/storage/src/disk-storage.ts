import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertKey, sha256Key, type Storage } from './storage.ts';

/**
 * Files under `<root>/<ab>/<cd>/<sha256>`. Written to a temporary name, fsynced, then renamed into
 * place and the directory fsynced, so a crash never leaves a half-written object under a real key.
 */
export function createDiskStorage(root: string): Storage {
  const pathOf = (key: string) => join(root, key.slice(0, 2), key.slice(2, 4), assertKey(key));

  async function fsyncDirectory(directory: string) {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    async put(bytes) {
      const key = sha256Key(bytes);
      const path = pathOf(key);
      const existing = await stat(path).catch(() => null);
      if (existing?.size === bytes.byteLength) return { key, size: bytes.byteLength };
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      await fsyncDirectory(dirname(path));
      return { key, size: bytes.byteLength };
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async has(key) {
      return (await stat(pathOf(key)).catch(() => null)) !== null;
    },
  };
}
