import type { Logger } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { FulfilmentTask, FulfilmentTaskStatus } from '../entities/fulfilment-task.entity.js';
import type { FulfilmentRunner } from './fulfilment-runner.js';

/**
 * Finishes fulfilment tasks nobody is working on: at start-up and every `intervalMs` it claims
 * PENDING tasks whose lease ran out (a crash, a transport outage, a CANCEL_REST waiting for its
 * SHIP tasks) with one conditional update each and runs them. Ticks never overlap; the timer is
 * unref'd and `stop` waits for the tick in progress (like the saga resumer).
 */
export class FulfilmentResumer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly root: EntityManager,
    private readonly runner: FulfilmentRunner,
    private readonly log: Logger,
    private readonly intervalMs: number,
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

  /** One pass over the PENDING tasks whose lease ran out; resolves with how many it ran. */
  tick(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.pass()
      .catch((err) => {
        this.log.error({ err }, 'fulfilment resumer pass failed');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const due = await this.root
      .fork()
      .find(
        FulfilmentTask,
        { status: FulfilmentTaskStatus.PENDING, leaseUntil: { $lt: new Date() } },
        { fields: ['id', 'leaseUntil'], orderBy: { leaseUntil: 'asc' }, limit: this.batch },
      );
    let ran = 0;
    const worker = async () => {
      for (let task = due.shift(); task && !this.stopped; task = due.shift()) {
        if (!(await this.runner.claim(this.root, task))) continue;
        const end = await this.runner.run(this.root, task.id);
        ran++;
        this.log.info({ taskId: task.id, end }, 'resumed fulfilment task');
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
    return ran;
  }
}
