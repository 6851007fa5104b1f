/**
 * Small seeded PRNG (mulberry32). Demo data must be identical on every machine and in every
 * subgraph that derives from it, so nothing here uses Math.random.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max] from a PRNG. */
export function intBetween(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

/** One element of a non-empty list from a PRNG. */
export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower-case, as the kit's ids

/**
 * A seeded row id shaped like the kit's `newId(prefix, at, rand)`: `prefix_` + 10 characters of
 * millisecond time + 16 characters drawn from `rand`, so seeded ids sort by time like real ones.
 */
export function seededId(prefix: string, at: Date, rand: () => number): string {
  let time = at.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ID_ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ID_ALPHABET[Math.floor(rand() * 32)];
  return `${prefix}_${head}${tail}`;
}
