import { createHash, randomBytes, randomUUID } from 'crypto';

/** Deterministic lower-case hex of the given length, so a reseed gives the same ids. */
export function hexId(seed: string, length = 17): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** Deterministic upper-case alphanumerics (for AWS-style unique ids). */
export function upperId(seed: string, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i % 32] % 32];
  return out;
}

/** Deterministic UUID-shaped id. */
export function uuidFrom(seed: string): string {
  const h = hexId(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

export function randomAlnum(length: number): string {
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** A random request id, UUID-shaped as AWS's are (from Node's buffered entropy: one per request). */
export function requestId(): string {
  return randomUUID();
}
