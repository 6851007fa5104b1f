import type { Logger } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';

/** What a lease resumer works on: the items whose lease ran out, and how to claim and run one. */
export interface LeasedWork<T> {
  /** Names the work in log lines ("saga resumer"). */
  name: string;
  /** Up to `limit` items whose lease has run out, the longest waiting first. */
  due(em: EntityManager, limit: number): Promise<T[]>;
  /** Claims the item with a conditional update and runs it; false when another process claimed it first. */
  resume(root: EntityManager, item: T): Promise<boolean>;
}

/**
 * Finishes persisted work nobody is working on (the placement saga, fulfilment tasks): at start-up
 * and every `intervalMs` it takes the items whose lease ran out (their process crashed or gave up on
 * a transport failure) and resumes each, `concurrency` at a time. Ticks never overlap; the timer is
 * unref'd and `stop` waits for the tick in progress. Written once so both kinds of work share the
 * same claim-then-run loop.
 */
export class LeaseResumer<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly root: EntityManager,
    private readonly work: LeasedWork<T>,
    private readonly log: Logger,
    private readonly intervalMs: number,
    /** Items looked at per tick, and how many run at once. */
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

  /** One pass over the items whose lease ran out; resolves with how many it ran. */
  tick(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.pass()
      .catch((err) => {
        this.log.error({ err }, `${this.work.name} pass failed`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const queue = await this.work.due(this.root.fork(), this.batch);
    let ran = 0;
    const worker = async () => {
      for (let item = queue.shift(); item !== undefined && !this.stopped; item = queue.shift()) {
        if (await this.work.resume(this.root, item)) ran++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    return ran;
  }
}
