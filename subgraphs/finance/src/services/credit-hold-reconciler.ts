import { type LiveHoldReconciler, type Logger, type ServiceClient, serviceReconciler } from '@dnp/subgraph-kit';
import type { MikroORM } from '@mikro-orm/core';
import { createFinanceLoaders } from '../finance.loader.js';
import { CREDIT_HOLDS, CreditHoldService } from './credit-hold.service.js';

/**
 * The safety net under the saga's compensation for credit: HELD holds whose order is REJECTED or
 * CANCELLED, the remainders of settled SHIPPED or COMPLETED orders, and holds unknown to orders after
 * the grace period are released through the ordinary release (the kit's `serviceReconciler`; the
 * same protocol as inventory's reservations).
 */
export function creditHoldReconciler(
  orm: MikroORM,
  orders: () => ServiceClient,
  settings: { batch: number; graceMs: number },
  log: Logger,
): LiveHoldReconciler {
  const holds = new CreditHoldService();
  return serviceReconciler(
    orm,
    {
      name: 'credit holds',
      actor: 'finance-reconciler',
      createLoaders: createFinanceLoaders,
      live: (em, after, limit) => CREDIT_HOLDS.live(em, after, limit),
      release: async (ctx, key) => (await holds.release(ctx, key)).released,
      // A release gives back only the remainder: a settled SHIPPED or COMPLETED order's rest goes too.
      releaseSettled: true,
    },
    orders,
    settings,
    log,
  );
}
