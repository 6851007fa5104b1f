import { LiveHoldReconciler, type Logger, orderStatusLookup, RequestContext, Role, type ServiceClient } from '@dnp/subgraph-kit';
import type { MikroORM } from '@mikro-orm/core';
import type { FinanceLoaders } from '../finance-context.js';
import { createFinanceLoaders } from '../finance.loader.js';
import { CreditHoldService } from './credit-hold.service.js';

/** Who the reconciler acts as: the service identity (release is SERVICE only; audit entries name it). */
const RECONCILER = { userId: 'finance-reconciler', role: Role.SERVICE };

/**
 * The safety net under the saga's compensation for credit: HELD holds whose order is REJECTED or
 * CANCELLED, or unknown to orders after the grace period, are released through the ordinary
 * release (the kit's `LiveHoldReconciler`; the same protocol as inventory's reservations).
 */
export function creditHoldReconciler(orm: MikroORM, orders: () => ServiceClient, settings: { batch: number; graceMs: number }, log: Logger): LiveHoldReconciler {
  const holds = new CreditHoldService();
  let runs = 0;
  const context = () => new RequestContext<FinanceLoaders>(RECONCILER, orm.em.fork(), log, `reconcile-${++runs}`, createFinanceLoaders);
  return new LiveHoldReconciler(
    'credit holds',
    {
      live: (after, limit) => holds.live(orm.em, after, limit),
      release: async (key) => (await holds.release(context(), key)).released,
    },
    orderStatusLookup(orders),
    settings,
    log,
  );
}
