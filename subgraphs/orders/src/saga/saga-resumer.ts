import type { Logger } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { FINAL_SAGA_STEPS, OrderSaga } from '../entities/order-saga.entity.js';
import type { SagaRunner } from './saga-runner.js';

/**
 * Finishes sagas nobody is working on: at start-up and then every `intervalMs` it looks for
 * unfinished sagas (not COMPLETED/COMPENSATED) whose lease has run out (their process crashed or
 * gave up on a transport failure), claims each with a conditional update and runs it from its
 * persisted step; past its deadline the runner compensates instead. Ticks never overlap; the
 * timer is unref'd and `stop` waits for the tick in progress.
 */
export class SagaResumer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly root: EntityManager,
    private readonly runner: SagaRunner,
    private readonly log: Logger,
    private readonly intervalMs: number,
    /** Sagas looked at per tick, and how many run at once. */
    private readonly batch = 50,
    private readonly concurrency = 4,
  ) {}

  /** Runs a first tick now and schedules the next ones. */
  start(): void {
    this.stopped = false;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for the tick in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over the unfinished sagas whose lease has expired; resolves with how many it ran. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.pass()
      .catch((err) => this.log.error({ err }, 'saga resumer pass failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const due = await this.root
      .fork()
      .find(
        OrderSaga,
        { step: { $nin: [...FINAL_SAGA_STEPS] }, leaseUntil: { $lt: new Date() } },
        { fields: ['orderId'], orderBy: { updatedAt: 'asc' }, limit: this.batch },
      );
    const queue = due.map((s) => s.orderId);
    const worker = async () => {
      for (let id = queue.shift(); id && !this.stopped; id = queue.shift()) {
        if (!(await this.runner.claim(this.root, id))) continue;
        const result = await this.runner.run(this.root, id);
        this.log.info({ orderId: id, step: result.step, suspended: result.suspended }, 'resumed order saga');
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
  }
}
