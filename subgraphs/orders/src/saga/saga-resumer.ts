import type { Logger } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { FINAL_SAGA_STEPS, OrderSaga } from '../entities/order-saga.entity.js';
import { LeaseResumer } from '../services/lease-resumer.js';
import type { SagaRunner } from './saga-runner.js';

/**
 * Finishes sagas nobody is working on: unfinished sagas (not COMPLETED/COMPENSATED) whose lease
 * has run out are claimed with a conditional update and run from their persisted step; past its
 * deadline the runner compensates instead. The loop is the shared `LeaseResumer`.
 */
export class SagaResumer extends LeaseResumer<string> {
  constructor(root: EntityManager, runner: SagaRunner, log: Logger, intervalMs: number, batch = 50, concurrency = 4) {
    const work = {
      name: 'saga resumer',
      due: async (em: EntityManager, limit: number) =>
        (
          await em.find(
            OrderSaga,
            { step: { $nin: [...FINAL_SAGA_STEPS] }, leaseUntil: { $lt: new Date() } },
            { fields: ['orderId'], orderBy: { updatedAt: 'asc' }, limit },
          )
        ).map((s) => s.orderId),
      resume: async (em: EntityManager, orderId: string) => {
        if (!(await runner.claim(em, orderId))) return false;
        const result = await runner.run(em, orderId);
        log.info({ orderId, step: result.step, suspended: result.suspended }, 'resumed order saga');
        return true;
      },
    };
    super(root, work, log, intervalMs, batch, concurrency);
  }
}
