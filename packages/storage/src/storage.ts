/**
 * Content-addressed storage: a file's key is the SHA-256 of its bytes, so storing the same
 * attachment twice keeps one copy, and no name from an email or upload ever becomes a path.
 */
import { createHash } from 'node:crypto';

export interface StoredObject {
  key: string;
  size: number;
}

export interface Storage {
  /** Stores the bytes durably (written and flushed) before resolving; returns their key. */
  put(bytes: Uint8Array): Promise<StoredObject>;
  /** The exact bytes, or null when no object has that key. */
  get(key: string): Promise<Uint8Array | null>;
  has(key: string): Promise<boolean>;
}

export function sha256Key(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function assertKey(key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('A storage key is a lower-case SHA-256 hex digest');
  return key;
}
