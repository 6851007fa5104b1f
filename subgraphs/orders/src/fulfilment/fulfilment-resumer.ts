import type { Logger } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { FulfilmentTask, FulfilmentTaskStatus } from '../entities/fulfilment-task.entity.js';
import { LeaseResumer } from '../services/lease-resumer.js';
import type { FulfilmentRunner } from './fulfilment-runner.js';

/**
 * Finishes fulfilment tasks nobody is working on: PENDING tasks whose lease ran out (a crash, a
 * transport outage, a CANCEL_REST waiting for its SHIP tasks) are claimed with one conditional
 * update each and run. The loop is the shared `LeaseResumer`, as for the placement saga.
 */
export class FulfilmentResumer extends LeaseResumer<FulfilmentTask> {
  constructor(
    root: EntityManager,
    runner: FulfilmentRunner,
    log: Logger,
    intervalMs: number,
    batch = 50,
    concurrency = 4,
  ) {
    const work = {
      name: 'fulfilment resumer',
      due: (em: EntityManager, limit: number) =>
        em.find(
          FulfilmentTask,
          { status: FulfilmentTaskStatus.PENDING, leaseUntil: { $lt: new Date() } },
          { fields: ['id', 'leaseUntil'], orderBy: { leaseUntil: 'asc' }, limit },
        ) as Promise<FulfilmentTask[]>,
      resume: async (em: EntityManager, task: FulfilmentTask) => {
        if (!(await runner.claim(em, task))) return false;
        const end = await runner.run(em, task.id);
        log.info({ taskId: task.id, end }, 'resumed fulfilment task');
        return true;
      },
    };
    super(root, work, log, intervalMs, batch, concurrency);
  }
}
