import {
  type LiveHoldReconciler,
  type Logger,
  type ReconciledHolds,
  type ServiceClient,
  serviceReconciler,
} from '@dnp/subgraph-kit';
import type { MikroORM } from '@mikro-orm/core';
import { createFinanceLoaders } from '../../finance.loader.js';
import type { FinanceLoaders } from '../../finance-context.js';
import { REBATE_HOLDS, RebateBalanceService } from './rebate-balance.service.js';

const balances = new RebateBalanceService();

/**
 * Finance's rebate holds as the kit's reconciler sees them: HELD holds listed oldest first, each released
 * through `releaseRebateHold`'s own code (SERVICE, audited, the remainder back to the balance). Holds keep
 * remainders (invoicing captures the order's share per shipment), so a settled SHIPPED or COMPLETED order's
 * rest goes back too.
 */
export const REBATE_RECONCILED_HOLDS: ReconciledHolds<FinanceLoaders> = {
  name: 'rebate holds',
  actor: 'finance-reconciler',
  createLoaders: createFinanceLoaders,
  live: (em, after, limit) => REBATE_HOLDS.live(em, after, limit),
  release: async (ctx, key) => (await balances.release(ctx, key)).released,
  releaseSettled: true,
};

/**
 * The safety net under the saga's REBATE_HELD compensation: rebate holds whose order is REJECTED or
 * CANCELLED, the remainders of settled orders, and holds unknown to orders after the grace period are
 * given back to the dealer's balance (rr §8; the credit holds' reconciler, on the same settings).
 */
export function rebateHoldReconciler(
  orm: MikroORM,
  orders: () => ServiceClient,
  settings: { batch: number; graceMs: number },
  log: Logger,
): LiveHoldReconciler {
  return serviceReconciler(orm, REBATE_RECONCILED_HOLDS, orders, settings, log);
}
