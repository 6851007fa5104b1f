import { EventType, isEventOfType, type DomainEvent, type EventConsumer } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { RegionNode } from '../entities/region-node.entity.js';
import { RetailPriceSource } from '../entities/retail-price-report.entity.js';
import { fileRetailPrice } from './retail-price.service.js';

/**
 * `pricing:retail-prices` (docs/design/rebates-reports.md §10): files each priced retail scan of
 * traceability (`traceability.retail_sold` with a price) as a retail price report, source SCAN
 * with the code, raising the day's violation when below the minimum resale price. Applied once
 * per event (the kit's `handleOnce`), so a replay files nothing twice; a sale without a price
 * files nothing.
 */
export const retailPricesConsumer: EventConsumer = {
  name: 'pricing:retail-prices',
  types: [EventType.RETAIL_SOLD],
  delivery: 'once',
  async handle(tx: EntityManager, event: DomainEvent): Promise<void> {
    if (!isEventOfType(event, EventType.RETAIL_SOLD)) return;
    const p = event.payload;
    if (p.priceMinor == null || p.priceMinor <= 0) return;
    const region = await tx.findOne(RegionNode, { regionId: p.regionId });
    await fileRetailPrice(tx, {
      ...{ productId: p.productId, dealerId: p.dealerId, regionId: p.regionId },
      // A region the read model does not know yet still counts where it is; only its own floor applies.
      regionPath: region?.path ?? `/${p.regionId}/`,
      ...{ priceMinor: p.priceMinor, observedAt: new Date(p.soldAt), source: RetailPriceSource.SCAN },
      ...{ code: p.code, note: null, reportedBy: null },
    });
  },
};
