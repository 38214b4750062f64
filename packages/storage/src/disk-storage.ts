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

  // Directories this process has already created (256 × 256 at most): saves a mkdir per put.
  const knownDirectories = new Set<string>();

  return {
    async put(bytes) {
      const key = sha256Key(bytes);
      const path = pathOf(key);
      const existing = await stat(path).catch(() => null);
      if (existing?.size === bytes.byteLength) return { key, size: bytes.byteLength };
      const directory = dirname(path);
      if (!knownDirectories.has(directory)) {
        await mkdir(directory, { recursive: true });
        knownDirectories.add(directory);
      }
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(temporary, 'wx', 0o600).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        // The directory went away since this process made it (e.g. restored from a backup): make it again.
        await mkdir(directory, { recursive: true });
        return open(temporary, 'wx', 0o600);
      });
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      await fsyncDirectory(directory);
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
