import { domainError, NotFoundError, recordAudit, Role } from '@dnp/subgraph-kit';
import type { DealersContext } from '../dealers-context.js';
import { Dealer, DealerLevel, DealerStatus } from '../entities/dealer.entity.js';
import { recordDealerChanged } from './dealer-changed.event.js';
import { REASON_LENGTH, type DealerResult } from './dealer-status.service.js';
import type { OrderingBlockService } from './ordering-block.service.js';

/** Tiers from the top: a parent's rank must be lower than its sub-dealer's. */
const RANK: Record<DealerLevel, number> = {
  [DealerLevel.NATIONAL_AGENT]: 0,
  [DealerLevel.PROVINCIAL_AGENT]: 1,
  [DealerLevel.REGIONAL_DEALER]: 2,
  [DealerLevel.RETAILER]: 3,
};

/** What `setDealerParent` receives. */
export interface SetDealerParentRequest {
  dealerId: string;
  parentId: string;
  reason: string;
}

const refused = (code: string, message: string, field: string | null = null): DealerResult => ({
  dealer: null,
  errors: [domainError(code, message, field)],
});

/**
 * Moving a dealer (with everything below it) under another parent (HQ only): never under itself
 * or a descendant (DEALER_CYCLE), only under an ACTIVE dealer (PARENT_NOT_ACTIVE) of a higher
 * tier (LEVEL_ORDER). The subtree's `dealer_path`s are rewritten in the same transaction and each
 * moved dealer records `dealers.dealer_changed` (PARENT), so finance rewrites its path copies.
 * Open orders to the old parent keep their seller (orders owns them).
 */
export class DealerParentService {
  constructor(
    private readonly blocks: OrderingBlockService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Moves the dealer; refusals write nothing. Moving to the current parent changes nothing. */
  async setParent(ctx: DealersContext, input: SetDealerParentRequest): Promise<DealerResult> {
    ctx.requireRole(Role.HQ_ADMIN);
    const load = async (id: string, field: string) => {
      const d = typeof id === 'string' && id.length <= 40 ? await ctx.loaders.dealerById.load(id) : null;
      if (!d) throw new NotFoundError('Dealer', String(id).slice(0, 40));
      return { d, field };
    };
    const { d: dealer } = await load(input.dealerId, 'dealerId');
    const { d: parent } = await load(input.parentId, 'parentId');
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (reason.length < REASON_LENGTH.min || reason.length > REASON_LENGTH.max)
      return refused(
        'REASON_REQUIRED',
        `A reason of ${REASON_LENGTH.min} to ${REASON_LENGTH.max} characters`,
        'reason',
      );
    if (parent.id === dealer.id || parent.dealerPath.includes(`/${dealer.id}/`))
      return refused('DEALER_CYCLE', 'A dealer cannot be moved under itself or one of its sub-dealers', 'parentId');
    if (parent.status !== DealerStatus.ACTIVE)
      return refused('PARENT_NOT_ACTIVE', 'The new parent is not active', 'parentId');
    if (RANK[parent.level] >= RANK[dealer.level])
      return refused('LEVEL_ORDER', `A ${parent.level} cannot supply a ${dealer.level}`, 'parentId');
    if (dealer.parentId === parent.id) return { dealer, errors: [] };

    const oldPrefix = dealer.dealerPath;
    const newPrefix = `${parent.dealerPath}${dealer.id}/`;
    const now = this.now();
    const moved = await ctx.em.transactional(async (tx) => {
      const subtree = await tx.find(
        Dealer,
        { dealerPath: { $like: `${oldPrefix}%` } },
        { orderBy: { dealerPath: 'asc' } },
      );
      // Guarded on the path read: a concurrent move of the same subtree makes this one write nothing.
      const top = await tx.nativeUpdate(
        Dealer,
        { id: dealer.id, dealerPath: oldPrefix },
        { parentId: parent.id, dealerPath: newPrefix },
      );
      if (top !== 1) return null;
      for (const d of subtree) {
        const path = newPrefix + d.dealerPath.slice(oldPrefix.length);
        if (d.id !== dealer.id)
          await tx.nativeUpdate(Dealer, { id: d.id, dealerPath: d.dealerPath }, { dealerPath: path });
        const after = Object.assign(Object.create(Dealer.prototype) as Dealer, d, {
          dealerPath: path,
          parentId: d.id === dealer.id ? parent.id : d.parentId,
        });
        recordDealerChanged(tx, after, 'PARENT', await this.blocks.of(tx, after, now), { reason }, now);
      }
      recordAudit(tx, ctx, {
        operation: 'setDealerParent',
        action: 'MOVE',
        entityType: 'Dealer',
        entityId: dealer.id,
        before: { parentId: dealer.parentId, dealerPath: oldPrefix },
        after: { parentId: parent.id, dealerPath: newPrefix, moved: subtree.length, reason },
      });
      return subtree.length;
    });
    if (moved == null)
      return refused('DEALER_CYCLE', 'The network changed meanwhile; reload and try again', 'parentId');
    ctx.log.info({ dealerId: dealer.id, parentId: parent.id, moved }, 'dealer moved');
    return { dealer: await ctx.em.refreshOrFail(dealer), errors: [] };
  }
}
