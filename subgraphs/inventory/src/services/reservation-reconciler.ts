import { type LiveHoldReconciler, type Logger, type ServiceClient, serviceReconciler } from '@dnp/subgraph-kit';
import type { MikroORM } from '@mikro-orm/core';
import type { ReconcileSettings } from '../config.js';
import { createInventoryLoaders } from '../inventory.loader.js';
import { RESERVATIONS, ReservationService } from './reservation.service.js';

/**
 * The safety net under the saga's compensation for stock: ACTIVE reservations whose order is
 * REJECTED or CANCELLED, the remainders of settled SHIPPED or COMPLETED orders, and reservations
 * unknown to orders after the grace period are released through the ordinary release (the kit's
 * `serviceReconciler`; the same protocol as finance's credit holds).
 */
export function reservationReconciler(
  orm: MikroORM,
  orders: () => ServiceClient,
  settings: ReconcileSettings,
  log: Logger,
): LiveHoldReconciler {
  const reservations = new ReservationService();
  return serviceReconciler(
    orm,
    {
      name: 'reservations',
      actor: 'inventory-reconciler',
      createLoaders: createInventoryLoaders,
      live: (em, after, limit) => RESERVATIONS.live(em, after, limit),
      release: async (ctx, key) => (await reservations.release(ctx, key)).released,
      // A release gives back only the remainder: a settled SHIPPED or COMPLETED order's rest goes too.
      releaseSettled: true,
    },
    orders,
    settings,
    log,
  );
}
