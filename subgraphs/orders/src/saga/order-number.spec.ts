import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrdersLoaders } from '../orders-context.js';
import { ordersSubgraph } from '../subgraph.js';
import { nextOrderNumbers } from './order-number.js';

let db: TestSubgraph<OrdersLoaders>;
beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph);
});
afterAll(() => db.close());

describe('nextOrderNumbers', () => {
  it('hands out consecutive blocks of the day, starting at 1 on a new day', async () => {
    const day = new Date('2031-03-04T10:00:00Z');
    expect(await nextOrderNumbers(db.orm.em.fork(), day)).toEqual(['SO203103040001']);
    expect(await nextOrderNumbers(db.orm.em.fork(), day, 3)).toEqual([
      'SO203103040002',
      'SO203103040003',
      'SO203103040004',
    ]);
    expect(await nextOrderNumbers(db.orm.em.fork(), new Date('2031-03-05T00:00:00Z'), 2)).toEqual([
      'SO203103050001',
      'SO203103050002',
    ]);
  });

  it('refuses a count below one', async () => {
    await expect(nextOrderNumbers(db.orm.em.fork(), new Date(), 0)).rejects.toThrow('cannot take 0 order numbers');
  });
});
