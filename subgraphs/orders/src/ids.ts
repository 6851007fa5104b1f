import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new id: `prefix` + a ULID-like 26-character string (48-bit time, 80 random bits, Crockford
 * base32), so ids sort roughly by creation time. Seeds pass their PRNG to stay deterministic.
 */
export function newId(prefix: string, at: Date | number = Date.now(), rand?: () => number): string {
  let time = typeof at === 'number' ? at : at.getTime();
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[time % 32]! + out;
    time = Math.floor(time / 32);
  }
  const bytes = rand ? Array.from({ length: 16 }, () => Math.floor(rand() * 32)) : [...randomBytes(16)].map((b) => b % 32);
  for (const b of bytes) out += CROCKFORD[b]!;
  return `${prefix}${out.toLowerCase()}`;
}
