import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower-case

/**
 * A new row id: `prefix_` + 10 characters of millisecond time + 16 random characters (ulid-like),
 * so ids created later sort after earlier ones, which keeps keyset pages stable. Seeders pass
 * `rand` (a seeded PRNG returning [0, 1)) to stay deterministic.
 */
export function newId(prefix: string, at: Date | number = Date.now(), rand?: () => number): string {
  let time = typeof at === 'number' ? at : at.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const digits = rand ? Array.from({ length: 16 }, () => Math.floor(rand() * 32)) : [...randomBytes(16)].map((b) => b % 32);
  return `${prefix}_${head}${digits.map((d) => ALPHABET[d]).join('')}`;
}
