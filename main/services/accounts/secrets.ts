import crypto from 'node:crypto';

/**
 * Account secrets (PINs, passwords, the recovery code) are kept only as `scrypt$N$r$p$<salt hex>$<hash hex>`:
 * the parameters are stored with each hash, so stronger ones later still verify old hashes. The secret itself is
 * never stored, logged or audited.
 */
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

function scrypt(secret: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => crypto.scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem: 128 * N * r * 2 },
    (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(secret, salt, PARAMS.N, PARAMS.r, PARAMS.p);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('hex')}$${key.toString('hex')}`;
}

const DUMMY = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${'00'.repeat(16)}$${'00'.repeat(KEY_LENGTH)}`;

/** Whether `secret` matches `stored`; with nothing stored, the same work is done and the answer is false. */
export async function verifySecret(secret: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? DUMMY).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, N, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'hex');
  const given = await scrypt(secret, Buffer.from(salt, 'hex'), Number(N), Number(r), Number(p));
  return !!stored && given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** A recovery code to print: 4 groups of 4 characters without look-alikes (no 0/O, 1/I/L). */
export function newRecoveryCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** The code as typed (any case, spaces or dashes) in the form it was hashed. */
export const normalRecoveryCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
