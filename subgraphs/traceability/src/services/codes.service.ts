import { randomBytes } from 'node:crypto';
import { CodeLevel } from '../entities/serial-code.entity.js';

/** Crockford base32: digits and letters without I, L, O and U, so codes survive being read aloud or retyped. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters after the two-letter prefix. */
export const CODE_BODY_LENGTH = 16;

/** The printed prefix of each packaging level. */
export const CODE_PREFIX: Record<CodeLevel, string> = {
  [CodeLevel.ITEM]: 'JH',
  [CodeLevel.CASE]: 'JC',
  [CodeLevel.PALLET]: 'JP',
};
const LEVEL_OF_PREFIX = new Map(Object.entries(CODE_PREFIX).map(([level, prefix]) => [prefix, level as CodeLevel]));
const CODE_PATTERN = /^J[HCP][0-9A-HJKMNP-TV-Z]{16}$/;

/**
 * Parses a serial code as typed or scanned: surrounding blanks are ignored and lower case is
 * accepted (Crockford is case-insensitive), but look-alike letters are not silently mapped, so a
 * misread label is reported rather than resolved to someone else's code.
 * Returns the normalized code and its level, or null when it is not a well-formed code.
 */
export function parseCode(input: string): { code: string; level: CodeLevel } | null {
  const code = input.trim().toUpperCase();
  if (!CODE_PATTERN.test(code)) return null;
  return { code, level: LEVEL_OF_PREFIX.get(code.slice(0, 2))! };
}

/** A new code of `level` drawn from `rand` (a seeded PRNG in the demo seed, crypto otherwise). */
export function generateCode(level: CodeLevel, rand: () => number = cryptoRandom): string {
  let body = '';
  for (let i = 0; i < CODE_BODY_LENGTH; i++) body += CROCKFORD_ALPHABET[Math.floor(rand() * 32)];
  return CODE_PREFIX[level] + body;
}

function cryptoRandom(): number {
  return randomBytes(4).readUInt32BE(0) / 4294967296;
}
