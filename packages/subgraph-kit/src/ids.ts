import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower-case
const TAIL_LENGTH = 16;

/** Random bytes drawn 4 KiB at a time: one CSPRNG call per 256 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function random16(): Buffer {
  if (poolOffset + TAIL_LENGTH > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += TAIL_LENGTH;
  return pool.subarray(poolOffset - TAIL_LENGTH, poolOffset);
}

/**
 * The newest millisecond an unseeded id was made for, and its random part as base32 digits:
 * the next id of that same millisecond is this random part plus one (ulid's monotonic factory),
 * so ids made within one millisecond still sort in creation order.
 */
let lastTime = -1;
const lastTail = new Uint8Array(TAIL_LENGTH);

/** Adds one to `lastTail`; false when it wraps around (all digits were the largest). */
function incrementLastTail(): boolean {
  for (let i = TAIL_LENGTH - 1; i >= 0; i--) {
    if (lastTail[i]! < 31) {
      lastTail[i]! += 1;
      return true;
    }
    lastTail[i] = 0;
  }
  return false;
}

function freshTail(into: Uint8Array): void {
  const bytes = random16();
  for (let i = 0; i < TAIL_LENGTH; i++) into[i] = bytes[i]! % 32;
}

function encodeTime(at: number): string {
  let time = at;
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  return head;
}

const encodeTail = (digits: ArrayLike<number>): string => Array.from(digits, (d) => ALPHABET[d]).join('');

/**
 * A new row id: `prefix_` + 10 characters of millisecond time + 16 random characters (ulid-like),
 * so ids created later sort after earlier ones, which keeps keyset pages stable. Within one
 * millisecond the random part counts up from the previous id's, so those ids sort in creation
 * order too; an id for an earlier millisecond than the newest one seen just gets a fresh random
 * part (its time already sorts it). Seeders pass `rand` (a seeded PRNG returning [0, 1)) to stay
 * deterministic; seeded ids do not take part in the counting.
 */
export function newId(prefix: string, at: Date | number = Date.now(), rand?: () => number): string {
  let time = typeof at === 'number' ? at : at.getTime();
  if (rand) {
    let tail = '';
    for (let i = 0; i < TAIL_LENGTH; i++) tail += ALPHABET[Math.floor(rand() * 32)];
    return `${prefix}_${encodeTime(time)}${tail}`;
  }
  if (time < lastTime) {
    const tail = new Uint8Array(TAIL_LENGTH);
    freshTail(tail);
    return `${prefix}_${encodeTime(time)}${encodeTail(tail)}`;
  }
  if (time === lastTime && !incrementLastTail()) {
    // 2^80 ids in one millisecond cannot happen in practice; if the counter ever wraps, borrow
    // the next millisecond rather than sort before the ids already made.
    time += 1;
  }
  if (time !== lastTime) {
    lastTime = time;
    freshTail(lastTail);
  }
  return `${prefix}_${encodeTime(time)}${encodeTail(lastTail)}`;
}
