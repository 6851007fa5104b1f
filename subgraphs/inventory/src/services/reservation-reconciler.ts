import { LiveHoldReconciler, type Logger, orderStatusLookup, RequestContext, Role, type ServiceClient } from '@dnp/subgraph-kit';
import type { MikroORM } from '@mikro-orm/core';
import type { ReconcileSettings } from '../config.js';
import type { InventoryLoaders } from '../inventory-context.js';
import { createInventoryLoaders } from '../inventory.loader.js';
import { ReservationService } from './reservation.service.js';

/** Who the reconciler acts as: the service identity (release is SERVICE only; audit entries name it). */
const RECONCILER = { userId: 'inventory-reconciler', role: Role.SERVICE };

/**
 * The safety net under the saga's compensation for stock: ACTIVE reservations whose order is
 * REJECTED or CANCELLED, or unknown to orders after the grace period, are released through the
 * ordinary release (the kit's `LiveHoldReconciler`; the same protocol as finance's credit holds).
 */
export function reservationReconciler(orm: MikroORM, orders: () => ServiceClient, settings: ReconcileSettings, log: Logger): LiveHoldReconciler {
  const reservations = new ReservationService();
  let runs = 0;
  const context = () => new RequestContext<InventoryLoaders>(RECONCILER, orm.em.fork(), log, `reconcile-${++runs}`, createInventoryLoaders);
  return new LiveHoldReconciler(
    'reservations',
    {
      live: (after, limit) => reservations.live(orm.em, after, limit),
      release: async (key) => (await reservations.release(context(), key)).released,
    },
    orderStatusLookup(orders),
    settings,
    log,
  );
}
