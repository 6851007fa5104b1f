import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower-case

/** Random bytes drawn 4 KiB at a time: one CSPRNG call per 256 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function random16(): Buffer {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += 16;
  return pool.subarray(poolOffset - 16, poolOffset);
}

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
  let tail = '';
  if (rand) {
    for (let i = 0; i < 16; i++) tail += ALPHABET[Math.floor(rand() * 32)];
  } else {
    const bytes = random16();
    for (let i = 0; i < 16; i++) tail += ALPHABET[bytes[i]! % 32];
  }
  return `${prefix}_${head}${tail}`;
}
