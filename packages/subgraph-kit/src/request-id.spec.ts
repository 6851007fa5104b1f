import { describe, expect, it } from 'vitest';
import { REQUEST_ID_PATTERN, requestIdFrom } from './request-id.js';

describe('requestIdFrom', () => {
  it('keeps a well-formed id', () => {
    expect(requestIdFrom('abc-123.X:y_z')).toBe('abc-123.X:y_z');
    expect(requestIdFrom(['sub-42-7'])).toBe('sub-42-7');
    expect(requestIdFrom('a'.repeat(60))).toBe('a'.repeat(60));
  });

  it('replaces a missing, empty, too long, repeated or malformed id with a fresh one', () => {
    const bad = [undefined, '', 'a'.repeat(61), 'two words', 'x\ny', 'evil"<script>', 'ümlaut', '../../etc', 'a,b'];
    for (const header of [...bad, ['a', 'b'], []]) {
      const id = requestIdFrom(header as string | string[] | undefined);
      expect(id).toMatch(REQUEST_ID_PATTERN);
      expect(id).not.toBe(header);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
