import {
  LiveHoldReconciler, type Logger, orderStatusLookup, RequestContext, Role, type ServiceClient,
} from '@dnp/subgraph-kit';
import type { MikroORM } from '@mikro-orm/core';
import type { PricingLoaders } from '../pricing-context.js';
import { createPricingLoaders } from '../pricing.loader.js';
import { liveConsumptions, releaseConsumption } from './promotion-budget.service.js';

/** Who the reconciler acts as: the service identity (release is SERVICE only; audit entries name it). */
const RECONCILER = { userId: 'pricing-reconciler', role: Role.SERVICE };

/**
 * The safety net under the saga's compensation for promotion budgets: CONSUMED consumptions whose
 * order is REJECTED or CANCELLED, or unknown to orders after the grace period, are released through
 * the ordinary release (the kit's `LiveHoldReconciler`; the same protocol as inventory's
 * reservations and finance's credit holds).
 */
export function promotionBudgetReconciler(
  orm: MikroORM,
  orders: () => ServiceClient,
  settings: { batch: number; graceMs: number },
  log: Logger,
): LiveHoldReconciler {
  let runs = 0;
  const context = () =>
    new RequestContext<PricingLoaders>(RECONCILER, orm.em.fork(), log, `reconcile-${++runs}`, createPricingLoaders);
  return new LiveHoldReconciler(
    'promotion budgets',
    {
      live: (after, limit) => liveConsumptions(orm.em, after, limit),
      release: (key) => releaseConsumption(context(), key),
    },
    orderStatusLookup(orders),
    settings,
    log,
  );
}
