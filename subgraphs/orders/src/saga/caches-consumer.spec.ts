import { EventType, newEventId, type DomainEvent } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersCachesConsumer } from './caches-consumer.js';
import { SagaReferenceCache } from './saga-reference.cache.js';
import { RemoteSagaServices, type DealerInfo, type ProductInfo } from './saga-services.js';

/** Stands in for dealers and products over HTTP: answers `_entities` and counts what was asked. */
const asked: string[] = [];
let dealerStatus = 'ACTIVE';
let server: Server;
let url: string;

/** One `_entities` answer: the dealer (with the current status) or the milk product. */
function entity(r: Record<string, string>) {
  asked.push(`${r.__typename}:${r.id ?? r.sku}`);
  if (r.__typename === 'Dealer')
    return { id: r.id, status: dealerStatus, authorizedRegionPaths: [], orderingBlock: null };
  return { id: 'prd_milk', sku: 'JH-MLK-0001', name: 'Milk', status: 'ACTIVE', salesRegionIds: null };
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { variables } = JSON.parse(Buffer.concat(chunks).toString()) as {
      variables: { r: Record<string, string>[] };
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { _entities: variables.r.map(entity) } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}/graphql`;
});
afterAll(async () => {
  server.close();
  await once(server, 'close');
});

const event = (type: EventType, subjectId: string, payload: Record<string, unknown>): DomainEvent => ({
  id: newEventId(),
  type,
  source: type.split('.')[0]!,
  occurredAt: new Date().toISOString(),
  subjectId,
  scope: { hqOnly: true },
  payload,
});

describe('orders:caches', () => {
  it('makes the next placement read a changed dealer or product again instead of after the cache time', async () => {
    const cache = new SagaReferenceCache<ProductInfo, DealerInfo>(60_000);
    const services = new RemoteSagaServices({
      subgraphUrls: `dealers=${url},products=${url}`,
      secret: 'spec-secret-at-least-32-characters-long',
      timeoutMs: 2_000,
      referenceCache: cache,
    });
    const consumer = ordersCachesConsumer(() => cache);
    expect(consumer).toMatchObject({ name: 'orders:caches', delivery: 'every-instance' });
    expect(consumer.types).toEqual([EventType.DEALER_CHANGED, EventType.PRODUCT_CHANGED]);
    const tx = {} as EntityManager;
    try {
      expect((await services.dealer('dlr_1'))!.status).toBe('ACTIVE');
      dealerStatus = 'SUSPENDED';
      expect((await services.dealer('dlr_1'))!.status, 'cached before the event').toBe('ACTIVE');
      await consumer.handle(tx, event(EventType.DEALER_CHANGED, 'dlr_1', { dealerId: 'dlr_1', status: 'SUSPENDED' }));
      expect((await services.dealer('dlr_1'))!.status, 'asked again after it').toBe('SUSPENDED');
      expect(asked.filter((a) => a.startsWith('Dealer'))).toEqual(['Dealer:dlr_1', 'Dealer:dlr_1']);

      await services.products(['prd_milk'], []);
      await services.products([], ['jh-mlk-0001']);
      expect(
        asked.filter((a) => a.startsWith('Product')),
        'the SKU is cached with the id',
      ).toEqual(['Product:prd_milk']);
      await consumer.handle(
        tx,
        event(EventType.PRODUCT_CHANGED, 'prd_milk', { productId: 'prd_milk', sku: 'JH-MLK-0001' }),
      );
      // One read by both keys: had either stayed cached, it would not be asked.
      await services.products(['prd_milk'], ['JH-MLK-0001']);
      expect(
        asked.filter((a) => a.startsWith('Product')),
        'id and SKU asked again',
      ).toEqual(['Product:prd_milk', 'Product:prd_milk', 'Product:JH-MLK-0001']);
    } finally {
      await services.close();
    }
  });
});
