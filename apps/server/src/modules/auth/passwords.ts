import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (m=19456 KiB, t=2, p=1: OWASP's recommended minimum).
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against this keeps the timing of "no such user" close to "wrong password". */
export const dummyPasswordHash =
  '$argon2id$v=19$m=19456,t=2,p=1$E/2UXtriaK8fh6GcF38xiw$GTRgcnjbqaAWcIeTg2iqBdjgLGcF+Rf80VAp1+ppiek';
