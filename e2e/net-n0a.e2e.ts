import { EventType } from '@dnp/event-bus';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, type DbMode, type TestPlatform } from './support/platform.js';

// The kit's event consumers end to end, on both transports: pricing's `pricing:caches` (every
// instance) reads products' events over the embedded /events streams or the Redis stream and
// clears its reference cache, so a price changed behind the cache's back shows as soon as
// products reports a product change, not after PRICING_REFERENCE_CACHE_MS.

const SKU = 'JH-MLK-0001';

/** Runs one statement on a subgraph's database, outside its process (as another instance would). */
function sqlOf(t: TestPlatform): (subgraph: string, statement: string) => void {
  if (t.mariadb) return (subgraph, statement) => void t.mariadb!.sql(`use dnp_${subgraph}; ${statement}`);
  const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
  return (subgraph, statement) => {
    const db = new DatabaseSync(join(t.dataDir!, `${subgraph}.sqlite`), { timeout: 5000 });
    try {
      db.exec(statement);
    } finally {
      db.close();
    }
  };
}

describe.each<{ mode: DbMode; redis: boolean }>([
  { mode: 'sqlite', redis: false },
  // The Redis transport; MariaDB with Redis is the kit's event-consumer-redis spec (a platform on
  // MariaDB boots too slowly for this file on a shared 2-core machine).
  { mode: 'sqlite', redis: true },
])('pricing:caches on $mode (redis: $redis)', ({ mode, redis }) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await bootPlatform(mode, {
      seed: true,
      redis,
      // Far longer than the test: only the consumer can make the change show in time.
      // Products' relay finds the row written behind its back by its poll: poll often.
      subgraphEnv: { pricing: { PRICING_REFERENCE_CACHE_MS: '60000' }, products: { EVENT_RELAY_POLL_MS: '100' } },
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('clears the price cache on products.product_changed, within 2 s of the commit', async () => {
    const token = await t.login('hq_admin');
    const listPrice = async () => {
      const res = await t.gql<{ product: { id: string; listPrice: { amount: string } } }>(
        'query($sku: String) { product(sku: $sku) { id listPrice { amount } } }',
        { sku: SKU },
        token,
      );
      return res.data!.product;
    };
    const before = await listPrice();
    const sql = sqlOf(t);
    sql(
      'pricing',
      `update price_list_entry set unit_price_minor = unit_price_minor + 100 where product_id = '${before.id}'`,
    );
    expect((await listPrice()).listPrice.amount, 'cached until an event says otherwise').toBe(before.listPrice.amount);
    const expected = (Number(before.listPrice.amount) + 1).toFixed(2);
    const now = mode === 'sqlite' ? String(Date.now()) : 'now(3)';
    const event = (n: number) =>
      `insert into outbox_events (event_id, type, source, occurred_at, subject_id, scope, payload)
       values ('evt_n0a_e2e_${Date.now()}_${n}', '${EventType.PRODUCT_CHANGED}', 'products', ${now}, '${before.id}',
               '{"hqOnly":true}', '{"productId":"${before.id}","version":2,"change":"UPDATED"}')`;
    const started = Date.now();
    sql('products', event(1));
    let seen = (await listPrice()).listPrice.amount;
    while (seen !== expected && Date.now() - started < 2000) {
      await new Promise((r) => setTimeout(r, 100));
      seen = (await listPrice()).listPrice.amount;
    }
    expect(seen, `list price ${Date.now() - started} ms after the event committed`).toBe(expected);
  });
});
