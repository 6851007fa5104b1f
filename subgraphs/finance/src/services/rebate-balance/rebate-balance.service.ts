import {
  answerRefusals,
  dataScopeOf,
  domainError,
  ErrorCode,
  HoldRefusal,
  holdRequestErrors,
  insertAudit,
  KeyedHoldCode,
  KeyedHoldTable,
  newId,
  NotFoundError,
  Role,
  type DomainError,
} from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { config } from '../../config.js';
import {
  RebateBalance,
  RebateBalanceMovement as Movement,
  RebateHold,
  RebateHoldStatus,
} from '../../entities/rebate-settlement.entity.js';
import type { FinanceContext } from '../../finance-context.js';
import type { HoldRebateInput } from '../../schema/rebate-balance.input.js';
import { dealerProfiles } from '../rebate-profiles/rebate-profile-source.js';
import { financeScope, inScope } from '../scope.service.js';
import { lockBalance, moveBalance } from './rebate-balance.ledger.js';

/** Refusal codes of holdRebate. */
export const RebateHoldCode = {
  /** More than the dealer's available rebate balance. */
  REBATE_OVER_BALANCE: 'REBATE_OVER_BALANCE',
  /** More than REBATE_MAX_ORDER_SHARE_BP of the order total. */
  REBATE_OVER_CAP: 'REBATE_OVER_CAP',
  /** A parent dealer's sale: the brand's rebate is not the parent's money. */
  REBATE_NOT_ALLOWED: 'REBATE_NOT_ALLOWED',
  IDEMPOTENCY_KEY_REUSED: KeyedHoldCode.IDEMPOTENCY_KEY_REUSED,
  /** Holding under a key released before (the kit's tombstone). */
  REBATE_HOLD_RELEASED: 'REBATE_HOLD_RELEASED',
  /** Releasing a hold invoices captured whole. */
  REBATE_HOLD_CAPTURED: 'REBATE_HOLD_CAPTURED',
} as const;

/** Rebate holds as the kit's keyed holds: HELD, then RELEASED (given back) or CAPTURED (invoiced whole). */
export const REBATE_HOLDS = new KeyedHoldTable<RebateHold, RebateHoldStatus>({
  entity: RebateHold,
  idPrefix: 'rbh',
  entityType: 'RebateHold',
  noun: 'rebate hold',
  states: { live: RebateHoldStatus.HELD, released: RebateHoldStatus.RELEASED, settled: RebateHoldStatus.CAPTURED },
  releasedCode: RebateHoldCode.REBATE_HOLD_RELEASED,
  settledCode: RebateHoldCode.REBATE_HOLD_CAPTURED,
  operations: { release: 'releaseRebateHold', settle: 'captureRebateHold' },
  settleAction: 'CAPTURE',
  words: { settled: 'was invoiced', settle: 'be captured' },
  tombstone: { amountMinor: 0 },
  auditState: (hold) => ({ amountMinor: hold.amountMinor }),
});

/** What holdRebate did: the hold (made now or before), or why nothing was written. */
export interface RebateHoldResult {
  hold: RebateHold | null;
  errors: DomainError[];
}

/** What releaseRebateHold did. */
export interface RebateReleaseResult extends RebateHoldResult {
  released: boolean;
}

/** The most of `orderTotalMinor` a rebate may pay (floor of the kit's REBATE_MAX_ORDER_SHARE_BP share). */
export function rebateCap(orderTotalMinor: number, shareBp = config.REBATE_MAX_ORDER_SHARE_BP): number {
  return Number((BigInt(orderTotalMinor) * BigInt(shareBp)) / 10_000n);
}

function refusal(code: string, message: string, field: string | null): HoldRefusal {
  return new HoldRefusal(domainError(code, message, field));
}

function checkHold(input: HoldRebateInput): void {
  const [bad] = holdRequestErrors(input);
  if (bad) throw new HoldRefusal(bad);
  const money = (v: number, min: number) => Number.isSafeInteger(v) && v >= min;
  if (!money(input.amountMinor, 1)) {
    throw refusal(ErrorCode.BAD_USER_INPUT, 'A positive amount in fen', 'amountMinor');
  }
  if (!money(input.orderTotalMinor, 0)) {
    throw refusal(ErrorCode.BAD_USER_INPUT, 'The order total in fen', 'orderTotalMinor');
  }
  if (input.sellerDealerId != null) {
    const message = "A parent dealer's sale is not paid with the brand's rebate";
    throw refusal(RebateHoldCode.REBATE_NOT_ALLOWED, message, 'sellerDealerId');
  }
  const cap = rebateCap(input.orderTotalMinor);
  if (input.amountMinor > cap) {
    throw refusal(
      RebateHoldCode.REBATE_OVER_CAP,
      `At most ${cap} fen of this order may be paid by rebate`,
      'amountMinor',
    );
  }
}

/**
 * The rebate balance (返利池, §8): what a dealer may spend, the order saga's holds on it (SERVICE
 * only, the kit's keyed-hold protocol) and their release. Invoicing captures holds part by part
 * (`captureRebatePart`, in the invoice's transaction).
 */
export class RebateBalanceService {
  /**
   * Holds `amountMinor` of the dealer's balance for the order under `key`: REBATE_NOT_ALLOWED for a
   * parent's sale, REBATE_OVER_CAP above the share of the order total, REBATE_OVER_BALANCE above
   * what is available; nothing written on a refusal. The same key and request again answer the
   * same hold (whatever its status now).
   */
  async hold(ctx: FinanceContext, input: HoldRebateInput, now = new Date()): Promise<RebateHoldResult> {
    ctx.requireRole(Role.SERVICE);
    const same = (h: RebateHold) => h.dealerId === input.dealerId && h.amountMinor === input.amountMinor;
    const { row, errors } = await answerRefusals(async () => {
      checkHold(input);
      const earlier = await REBATE_HOLDS.replay(ctx, input.key, same);
      if (earlier) return earlier;
      try {
        return await this.write(ctx, input, now);
      } catch (err) {
        if (!(err instanceof UniqueConstraintViolationException)) throw err;
        // A twin with the same key committed first: answer it.
        const twin = await REBATE_HOLDS.replay(ctx, input.key, same);
        if (!twin) throw err;
        return twin;
      }
    });
    return { hold: row, errors };
  }

  private write(ctx: FinanceContext, input: HoldRebateInput, now: Date): Promise<RebateHold> {
    return ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const balance = await lockBalance(tx, input.dealerId);
      const available = balance?.available ?? 0;
      if (input.amountMinor > available) {
        const message = `The dealer's rebate balance has ${available} fen available`;
        throw refusal(RebateHoldCode.REBATE_OVER_BALANCE, message, 'amountMinor');
      }
      const hold = Object.assign(new RebateHold(), {
        ...{ id: newId('rbh', now), key: input.key, dealerId: input.dealerId, amountMinor: input.amountMinor },
        ...{ orderTotalMinor: input.orderTotalMinor, status: RebateHoldStatus.HELD, createdAt: now, updatedAt: now },
      });
      await tx.insert(RebateHold, hold);
      const move = { dealerId: input.dealerId, movement: Movement.HELD, amountMinor: input.amountMinor };
      await moveBalance(tx, { ...move, sourceId: input.key }, now);
      await insertAudit(tx, ctx, {
        ...{ operation: 'holdRebate', action: 'CREATE', entityType: 'RebateHold', entityId: hold.id },
        after: { key: hold.key, dealerId: hold.dealerId, amountMinor: hold.amountMinor, availableBefore: available },
      });
      return hold;
    });
  }

  /**
   * Gives a hold's remainder (amount − captured − released) back to the balance: the saga's
   * compensation. Idempotent; an unknown key is a no-op answering `released: false` (a tombstone
   * refuses a later hold under it); a hold invoiced whole answers REBATE_HOLD_CAPTURED.
   */
  async release(ctx: FinanceContext, key: string, now = new Date()): Promise<RebateReleaseResult> {
    ctx.requireRole(Role.SERVICE);
    const result = await REBATE_HOLDS.release(ctx, key, now, async (tx, h) => {
      const remainder = h.amountMinor - h.capturedMinor - h.releasedMinor;
      const status = h.capturedMinor > 0 ? RebateHoldStatus.CAPTURED : RebateHoldStatus.RELEASED;
      await tx.nativeUpdate(RebateHold, { id: h.id }, { releasedMinor: h.releasedMinor + remainder, status });
      if (remainder > 0) {
        const move = { dealerId: h.dealerId, movement: Movement.RELEASED, amountMinor: remainder, sourceId: key };
        await moveBalance(tx, move, now);
      }
      return { after: { releasedMinor: remainder } };
    });
    const hold = result.row ? await ctx.em.fork({ clear: true }).findOne(RebateHold, { key }) : null;
    return { released: result.released, hold, errors: result.errors };
  }

  /**
   * A dealer's rebate balance (zeros when it never had one): the dealer's own users (`dealerId`
   * omitted = their own), its region manager, HQ, finance clerks and services; NOT_FOUND outside
   * the viewer's scope.
   */
  async balance(ctx: FinanceContext, dealerId: string | null | undefined): Promise<RebateBalance> {
    const viewer = ctx.requireViewer();
    const id = dealerId ?? viewer.dealerId;
    if (!id) throw new NotFoundError('RebateBalance', 'own');
    const row = await ctx.em.findOne(RebateBalance, { dealerId: id });
    const scope = dataScopeOf(viewer);
    if (scope.kind !== 'all') {
      const regionPath = row?.dealerRegionPath || (await dealerProfiles(ctx.em, [id]))[0]?.regionPath || '';
      if (!inScope(financeScope(viewer), id, regionPath)) throw new NotFoundError('RebateBalance', id);
    }
    return row ?? Object.assign(new RebateBalance(), { dealerId: id, updatedAt: new Date(0) });
  }
}
