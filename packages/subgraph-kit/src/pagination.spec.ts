import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageSize, toPage } from './pagination.js';

describe('cursor pagination', () => {
  it('round-trips keyset positions through opaque cursors', () => {
    const c = encodeCursor(['嘉禾乳业 纯牛奶', 'prd_00001']);
    expect(decodeCursor(c, 2)).toEqual(['嘉禾乳业 纯牛奶', 'prd_00001']);
  });

  it('refuses forged cursors and out-of-range page sizes with codes', () => {
    expect(() => decodeCursor('garbage', 2)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
    expect(() => decodeCursor(encodeCursor(['only-one']), 2)).toThrow(
      expect.objectContaining({ code: 'INVALID_CURSOR' }),
    );
    expect(() => pageSize(-1)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => pageSize(101)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => pageSize(2.5)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(pageSize(undefined)).toBe(20);
  });

  it('uses the extra row only to tell that a next page exists', () => {
    const page = toPage([1, 2, 3], 2, true, 10, (n) => [n]);
    expect(page.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(decodeCursor(page.pageInfo.endCursor!, 1)).toEqual([2]);
    const empty = toPage([], 5, false, 0, (n: number) => [n]);
    expect(empty.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
  });
});
