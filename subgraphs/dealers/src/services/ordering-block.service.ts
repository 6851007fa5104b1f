import type { EntityManager } from '@mikro-orm/core';
import { DealerStatusChange } from '../entities/dealer-status-change.entity.js';
import type { Dealer } from '../entities/dealer.entity.js';
import { Qualification } from '../entities/qualification.entity.js';
import { orderingBlockOf, type OrderingBlock } from './ordering-block.rule.js';

/** Reads the rows `orderingBlockOf` needs for one dealer and applies the rule. */
export class OrderingBlockService {
  constructor(private readonly timeZone: string) {}

  /** The dealer's block at `now` (null: it may order), read through `em` (a request's or a transaction's). */
  async of(em: EntityManager, dealer: Dealer, now = new Date()): Promise<OrderingBlock | null> {
    const [latest, qualifications] = await Promise.all([
      em.findOne(DealerStatusChange, { dealerId: dealer.id }, { orderBy: { at: 'desc', id: 'desc' } }),
      em.find(Qualification, { dealerId: dealer.id }, { orderBy: { validUntil: 'asc' } }),
    ]);
    const current = latest?.toStatus === dealer.status ? latest : null;
    return orderingBlockOf(
      {
        status: dealer.status,
        statusSince: current?.at ?? dealer.joinedAt,
        statusReason: current?.reason ?? null,
        qualifications,
      },
      now,
      this.timeZone,
    );
  }
}
