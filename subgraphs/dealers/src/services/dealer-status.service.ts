import {
  canActFor,
  domainError,
  newId,
  NotFoundError,
  recordAudit,
  Role,
  SessionRevokeReason,
  type DomainError,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { DealersContext } from '../dealers-context.js';
import { DealerStatusChange } from '../entities/dealer-status-change.entity.js';
import { Dealer, DealerStatus } from '../entities/dealer.entity.js';
import { PartnerKey } from '../entities/partner-key.entity.js';
import { User } from '../entities/user.entity.js';
import { recordDealerChanged } from './dealer-changed.event.js';
import type { OrderingBlockService } from './ordering-block.service.js';
import type { SessionService } from './session.service.js';

/** Shortest and longest reason a status change keeps. */
export const REASON_LENGTH = { min: 3, max: 500 } as const;

/** The moves `changeDealerStatus` allows; TERMINATED is final. */
const TRANSITIONS: Partial<Record<DealerStatus, readonly DealerStatus[]>> = {
  [DealerStatus.ACTIVE]: [DealerStatus.SUSPENDED, DealerStatus.TERMINATED],
  [DealerStatus.SUSPENDED]: [DealerStatus.ACTIVE, DealerStatus.TERMINATED],
};

/** What `changeDealerStatus` asks for. */
export interface ChangeDealerStatusRequest {
  dealerId: string;
  status: DealerStatus;
  reason: string;
}

/** The changed dealer, or why nothing changed. */
export interface DealerResult {
  dealer: Dealer | null;
  errors: DomainError[];
}

/** A history row of a status change, written by admissions and status changes alike. */
export function statusChangeRow(
  ctx: DealersContext,
  dealerId: string,
  from: DealerStatus,
  to: DealerStatus,
  reason: string,
  at: Date,
): DealerStatusChange {
  const viewer = ctx.requireViewer();
  return Object.assign(new DealerStatusChange(), {
    id: newId('dsc', at),
    dealerId,
    fromStatus: from,
    toStatus: to,
    reason,
    actorUserId: viewer.userId,
    actorName: (viewer.displayName ?? viewer.userId).slice(0, 120),
    at,
  });
}

/**
 * Suspending (暂停合作), reinstating and terminating (淘汰) dealers. HQ makes every move; a region
 * manager suspends and reinstates the dealers of its region subtree but never terminates
 * (FORBIDDEN). A dealer outside the caller's reach is NOT_FOUND. Each change keeps a history row,
 * an audit entry and `dealers.dealer_changed` in one transaction; termination also ends every
 * session of the dealer's users and revokes its partner keys (its users can no longer log in).
 */
export class DealerStatusService {
  constructor(
    private readonly sessions: SessionService,
    private readonly blocks: OrderingBlockService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Moves the dealer to `status` with `reason`; refusals write nothing. */
  async change(ctx: DealersContext, input: ChangeDealerStatusRequest): Promise<DealerResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER);
    const dealer = await this.reachable(ctx, input.dealerId);
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    const refused = (code: string, message: string, field: string | null = null): DealerResult => ({
      dealer: null,
      errors: [domainError(code, message, field)],
    });
    if (reason.length < REASON_LENGTH.min || reason.length > REASON_LENGTH.max)
      return refused(
        'REASON_REQUIRED',
        `A reason of ${REASON_LENGTH.min} to ${REASON_LENGTH.max} characters is required`,
        'reason',
      );
    if (input.status === DealerStatus.TERMINATED && viewer.role !== Role.HQ_ADMIN)
      return refused('FORBIDDEN', 'Only head office may terminate a dealer', 'status');
    const from = dealer.status;
    if (!TRANSITIONS[from]?.includes(input.status))
      return refused('INVALID_TRANSITION', `A ${from} dealer cannot become ${input.status}`, 'status');

    const now = this.now();
    const moved = await ctx.em.transactional(async (tx) => {
      // Conditional on the state read: of two concurrent changes one applies, the other is refused.
      const changed = await tx.nativeUpdate(Dealer, { id: dealer.id, status: from }, { status: input.status });
      if (changed !== 1) return false;
      const after = Object.assign(Object.create(Dealer.prototype) as Dealer, dealer, { status: input.status });
      tx.persist(statusChangeRow(ctx, dealer.id, from, input.status, reason, now));
      if (input.status === DealerStatus.TERMINATED) await this.endAccess(tx, dealer.id, now);
      recordAudit(tx, ctx, {
        operation: 'changeDealerStatus',
        action: 'STATUS',
        entityType: 'Dealer',
        entityId: dealer.id,
        before: { status: from },
        after: { status: input.status, reason },
      });
      await tx.flush();
      const block = await this.blocks.of(tx, after, now);
      recordDealerChanged(tx, after, 'STATUS', block, { fromStatus: from, reason }, now);
      return true;
    });
    if (!moved) return refused('INVALID_TRANSITION', 'The dealer changed meanwhile; reload it and try again', 'status');
    ctx.log.info({ dealerId: dealer.id, from, to: input.status, by: viewer.userId }, 'dealer status changed');
    return { dealer: await ctx.em.refreshOrFail(dealer), errors: [] };
  }

  /** A dealer's status history, newest first. */
  history(ctx: DealersContext, dealer: Dealer): Promise<DealerStatusChange[]> {
    return ctx.em.find(DealerStatusChange, { dealerId: dealer.id }, { orderBy: { at: 'desc', id: 'desc' } });
  }

  /** Ends every session of the dealer's users and revokes its partner keys (termination). */
  private async endAccess(tx: EntityManager, dealerId: string, now: Date): Promise<void> {
    const users = await tx.find(User, { dealerId }, { fields: ['id'] });
    for (const user of users) await this.sessions.revokeAll(tx, user.id, SessionRevokeReason.DEALER_TERMINATED, now);
    await tx.nativeUpdate(PartnerKey, { dealerId, revokedAt: null }, { revokedAt: now });
  }

  /** The dealer if the caller may act for it; NOT_FOUND otherwise (unknown and out of reach alike). */
  private async reachable(ctx: DealersContext, id: string): Promise<Dealer> {
    if (typeof id !== 'string' || id.length < 1 || id.length > 40) throw new NotFoundError('Dealer', String(id));
    const dealer = await ctx.loaders.dealerById.load(id);
    if (!dealer || !canActFor(ctx.scope, dealer.id, dealer.regionPath)) throw new NotFoundError('Dealer', id);
    return dealer;
  }
}
