import { type LiveHoldReconciler, type Logger, type ServiceClient, serviceReconciler } from '@dnp/subgraph-kit';
import type { MikroORM } from '@mikro-orm/core';
import { createPricingLoaders } from '../pricing.loader.js';
import { liveConsumptions, releaseConsumption } from './promotion-budget.service.js';

/**
 * The safety net under the saga's compensation for promotion budgets: CONSUMED consumptions whose
 * order is REJECTED or CANCELLED, or unknown to orders after the grace period, are released through
 * the ordinary release (the kit's `serviceReconciler`; the same protocol as inventory's
 * reservations and finance's credit holds).
 */
export function promotionBudgetReconciler(
  orm: MikroORM,
  orders: () => ServiceClient,
  settings: { batch: number; graceMs: number },
  log: Logger,
): LiveHoldReconciler {
  return serviceReconciler(
    orm,
    {
      name: 'promotion budgets',
      actor: 'pricing-reconciler',
      createLoaders: createPricingLoaders,
      live: liveConsumptions,
      release: (ctx, key) => releaseConsumption(ctx, key),
    },
    orders,
    settings,
    log,
  );
}
