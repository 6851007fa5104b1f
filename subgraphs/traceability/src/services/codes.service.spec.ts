import { seededRandom } from '@dnp/demo-data';
import { describe, expect, it } from 'vitest';
import { CodeLevel } from '../entities/serial-code.entity.js';
import { CROCKFORD_ALPHABET, generateCode, parseCode } from './codes.service.js';

describe('serial code format', () => {
  it('accepts the three prefixes with 16 Crockford base32 characters and tells the level', () => {
    expect(parseCode('JH0123456789ABCDEF')).toEqual({ code: 'JH0123456789ABCDEF', level: CodeLevel.ITEM });
    expect(parseCode('JCZZZZZZZZZZZZZZZZ')?.level).toBe(CodeLevel.CASE);
    expect(parseCode('JP0000000000000000')?.level).toBe(CodeLevel.PALLET);
  });

  it('normalizes blanks and lower case, as typed by hand', () => {
    expect(parseCode('  jh0123456789abcdef \n')?.code).toBe('JH0123456789ABCDEF');
  });

  it.each([
    ['JX0123456789ABCDEF', 'unknown prefix'],
    ['JH0123456789ABCDE', '15 characters'],
    ['JH0123456789ABCDEFG', '17 characters'],
    ['JH0123456789ABCDEI', 'I is not Crockford'],
    ['JH0123456789ABCDEL', 'L is not Crockford'],
    ['JH0123456789ABCDEO', 'O is not Crockford'],
    ['JH0123456789ABCDEU', 'U is not Crockford'],
    ['JH0123456789ABCD-F', 'punctuation'],
    ['', 'empty'],
  ])('rejects %s (%s)', (code) => {
    expect(parseCode(code)).toBeNull();
  });

  it('generates well-formed codes of each level, deterministically from a seeded PRNG', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    for (const level of [CodeLevel.ITEM, CodeLevel.CASE, CodeLevel.PALLET]) {
      const code = generateCode(level, a);
      expect(parseCode(code)?.level).toBe(level);
      expect(generateCode(level, b)).toBe(code);
    }
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    expect(parseCode(generateCode(CodeLevel.ITEM))).not.toBeNull();
  });
});
