import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: session cookies and API tokens. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** High-entropy secrets need no slow hash: SHA-256 is enough to keep them unusable if the table leaks. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
