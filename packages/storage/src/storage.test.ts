import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createDiskStorage } from './disk-storage.ts';
import { createMemoryStorage } from './memory-storage.ts';
import { describeStorage } from './storage.contract.ts';

describeStorage('disk', async () => createDiskStorage(mkdtempSync(join(tmpdir(), 'rapport-storage-'))));
describeStorage('memory', async () => createMemoryStorage());

it('disk storage leaves no temporary files behind', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rapport-storage-'));
  const storage = createDiskStorage(root);
  const { key } = await storage.put(new TextEncoder().encode('attachment'));
  expect(readdirSync(join(root, key.slice(0, 2), key.slice(2, 4)))).toEqual([key]);
});
