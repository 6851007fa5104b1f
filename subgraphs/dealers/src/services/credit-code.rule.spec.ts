import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, isValidCreditCode } from './credit-code.rule.js';

describe('unified social credit code (GB 32100)', () => {
  it('accepts published codes', () => {
    // Codes printed on real business licences (Alibaba (China) Co., Tencent Technology (Shenzhen)).
    expect(isValidCreditCode('91330100716105852F')).toBe(true);
    expect(isValidCreditCode('9144030071526726XG')).toBe(true);
  });

  it('refuses a wrong check character, a wrong length and characters outside the set', () => {
    expect(isValidCreditCode('91330100716105852G')).toBe(false);
    expect(isValidCreditCode('91330100716105852')).toBe(false);
    expect(isValidCreditCode('91330100716105852FF')).toBe(false);
    expect(isValidCreditCode('9133010071610585IF')).toBe(false);
    expect(creditCodeCheckCharacter('9133010071610585O')).toBeNull();
  });

  it('maps a remainder of zero to the character 0', () => {
    // Seventeen zeros weigh nothing: 31 - 0 = 31 ≡ 0.
    expect(creditCodeCheckCharacter('0'.repeat(17))).toBe('0');
  });
});
