import type { DeliveredEvent, DomainEvent, EventFeed, FeedHandle } from './event.js';
import type { EventPublisher } from './relay.js';

/**
 * A bus inside one process: publisher and fan-out feed at once, positions are a counter. For
 * unit tests and single-process tools; separate processes use the HTTP stream or Redis.
 */
export class MemoryBus implements EventPublisher, EventFeed {
  private readonly log: DeliveredEvent[] = [];
  private readonly readers = new Set<(d: DeliveredEvent) => void>();

  constructor(private readonly capacity = 10_000) {}

  async publish(events: DomainEvent[]): Promise<void> {
    for (const event of events) {
      const delivered = {
        event,
        position: String(this.log.length ? Number(this.log[this.log.length - 1]!.position) + 1 : 1),
      };
      this.log.push(delivered);
      if (this.log.length > this.capacity) this.log.shift();
      for (const r of this.readers) r(delivered);
    }
  }

  async read(
    opts: { after?: string; types?: string[] },
    onEvent: (delivered: DeliveredEvent) => void | Promise<void>,
  ): Promise<FeedHandle> {
    const wanted = (d: DeliveredEvent) => !opts.types?.length || opts.types.includes(d.event.type);
    let chain = Promise.resolve();
    const push = (d: DeliveredEvent) => {
      if (wanted(d)) chain = chain.then(() => onEvent(d)).catch(() => undefined);
    };
    if (opts.after !== undefined) for (const d of this.log) if (Number(d.position) > Number(opts.after)) push(d);
    this.readers.add(push);
    return {
      close: async () => {
        this.readers.delete(push);
        await chain;
      },
    };
  }

  async close(): Promise<void> {
    this.readers.clear();
  }
}
