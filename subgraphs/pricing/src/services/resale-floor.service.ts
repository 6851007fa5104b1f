import {
  domainError,
  EventType,
  insertAudit,
  newestFirstPage,
  newId,
  recordEvent,
  Role,
  type DomainError,
  type Page,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { RegionNode } from '../entities/region-node.entity.js';
import { ResaleFloor } from '../entities/resale-floor.entity.js';
import type { PricingContext } from '../pricing-context.js';
import type { MinimumResalePriceFilter, MinimumResalePriceInput } from '../schema/price-control.input.js';
import { knownProducts } from './promotion.service.js';

/** Refusal codes of the price-control mutations (payload errors; nothing written). */
export const PriceControlCode = {
  PRICE_NOT_POSITIVE: 'PRICE_NOT_POSITIVE',
  PRODUCT_UNKNOWN: 'PRODUCT_UNKNOWN',
  REGION_UNKNOWN: 'REGION_UNKNOWN',
  INVALID_VALIDITY: 'INVALID_VALIDITY',
  OBSERVED_IN_FUTURE: 'OBSERVED_IN_FUTURE',
  DEALER_REQUIRED: 'DEALER_REQUIRED',
  DEALER_UNKNOWN: 'DEALER_UNKNOWN',
  NOTE_TOO_LONG: 'NOTE_TOO_LONG',
} as const;

/** What a minimum resale price edit did: the row, or why nothing was written. */
export interface ResaleFloorResult {
  floor: ResaleFloor | null;
  errors: DomainError[];
}

/** True for a positive whole number of fen. */
export function isPositiveMinor(minor: number | null | undefined): minor is number {
  return typeof minor === 'number' && Number.isSafeInteger(minor) && minor > 0;
}

/**
 * The product and region checks every price-control input shares: PRODUCT_UNKNOWN (the product
 * read model, read through from products when missing) and REGION_UNKNOWN (the region read
 * model). Returns the region row when known.
 */
export async function checkProductAndRegion(
  em: EntityManager,
  productId: string,
  regionId: string,
  errors: DomainError[],
): Promise<RegionNode | null> {
  const [known, region] = await Promise.all([
    knownProducts(em, [productId]),
    typeof regionId === 'string' && regionId.length <= 40 ? em.findOne(RegionNode, { regionId }) : null,
  ]);
  if (!known.has(productId))
    errors.push(domainError(PriceControlCode.PRODUCT_UNKNOWN, `Product "${productId}" is unknown`, 'productId'));
  if (!region) errors.push(domainError(PriceControlCode.REGION_UNKNOWN, `Region "${regionId}" is unknown`, 'regionId'));
  return region;
}

/**
 * The minimum resale price that applies to a product at a place and instant: of the floors set on
 * the regions along `regionPath` and valid at `at`, the one on the deepest (most specific) region.
 */
export async function applicableFloor(
  em: EntityManager,
  productId: string,
  regionPath: string,
  at: Date,
): Promise<ResaleFloor | null> {
  const ids = regionPath.split('/').filter(Boolean);
  if (!ids.length) return null;
  const rows = await em.find(ResaleFloor, {
    productId,
    regionId: { $in: ids },
    validFrom: { $lte: at },
    $or: [{ validTo: null }, { validTo: { $gt: at } }],
  });
  return rows.reduce<ResaleFloor | null>(
    (best, r) => (!best || r.regionPath.length > best.regionPath.length ? r : best),
    null,
  );
}

/** The audited facts of a floor. */
function snapshot(row: ResaleFloor | null) {
  if (!row) return null;
  const { productId, regionId, minPriceMinor, validFrom, validTo } = row;
  return { productId, regionId, minPriceMinor, validFrom, validTo };
}

/** Minimum resale prices (控价): HQ_ADMIN sets and removes them, staff read them. */
export class ResaleFloorService {
  /**
   * Sets (or replaces) the minimum of a product in a region, with its audit entry and
   * `pricing.resale_floor_changed`; refusals in the payload, nothing written.
   */
  async set(ctx: PricingContext, input: MinimumResalePriceInput, now = new Date()): Promise<ResaleFloorResult> {
    ctx.requireRole(Role.HQ_ADMIN);
    const errors: DomainError[] = [];
    if (!isPositiveMinor(input.minPriceMinor))
      errors.push(domainError(PriceControlCode.PRICE_NOT_POSITIVE, 'The minimum must be above zero', 'minPriceMinor'));
    const region = await checkProductAndRegion(ctx.em, input.productId, input.regionId, errors);
    const validFrom = input.validFrom ?? now;
    if (input.validTo && input.validTo.getTime() <= validFrom.getTime())
      errors.push(domainError(PriceControlCode.INVALID_VALIDITY, 'validTo must be after validFrom', 'validTo'));
    if (errors.length || !region) return { floor: null, errors };
    const floor = await ctx.em.transactional(async (tx) => {
      const row = await tx.findOne(ResaleFloor, { productId: input.productId, regionId: input.regionId });
      const before = snapshot(row);
      const facts = { minPriceMinor: input.minPriceMinor, validFrom, validTo: input.validTo ?? null };
      const saved = row
        ? tx.assign(row, { ...facts, updatedBy: ctx.viewer!.userId, updatedAt: now })
        : tx.create(ResaleFloor, {
            ...{ id: newId('rsf', now), productId: input.productId, regionId: region.regionId },
            ...{ regionPath: region.path, ...facts, updatedBy: ctx.viewer!.userId, updatedAt: now },
          });
      this.recordChange(tx, saved, saved.minPriceMinor, now);
      await insertAudit(tx, ctx, {
        ...{ operation: 'setMinimumResalePrice', action: row ? 'UPDATE' : 'CREATE' },
        ...{ entityType: 'MinimumResalePrice', entityId: saved.id, before, after: snapshot(saved) },
      });
      return saved;
    });
    return { floor, errors: [] };
  }

  /**
   * Removes the minimum of a product in a region (audited, with the event); a minimum that is not
   * there changes nothing and returns null.
   */
  async remove(ctx: PricingContext, productId: string, regionId: string, now = new Date()): Promise<ResaleFloorResult> {
    ctx.requireRole(Role.HQ_ADMIN);
    const row = await ctx.em.findOne(ResaleFloor, { productId, regionId });
    if (!row) return { floor: null, errors: [] };
    await ctx.em.transactional(async (tx) => {
      await tx.nativeDelete(ResaleFloor, { id: row.id });
      this.recordChange(tx, row, null, now);
      await insertAudit(tx, ctx, {
        ...{ operation: 'removeMinimumResalePrice', action: 'DELETE', entityType: 'MinimumResalePrice' },
        ...{ entityId: row.id, before: snapshot(row), after: null },
      });
    });
    ctx.em.getUnitOfWork().unsetIdentity(row);
    return { floor: row, errors: [] };
  }

  /** One page of minimums, newest first (every signed-in staff member may read them). */
  list(
    ctx: PricingContext,
    filter: MinimumResalePriceFilter | null | undefined,
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<ResaleFloor>> {
    ctx.requireViewer();
    const where: FilterQuery<ResaleFloor>[] = [];
    if (filter?.productId) where.push({ productId: filter.productId });
    if (filter?.regionId) where.push({ regionId: filter.regionId });
    return newestFirstPage(ctx.em, ResaleFloor, where, args);
  }

  private recordChange(tx: EntityManager, row: ResaleFloor, minimumMinor: number | null, at: Date): void {
    recordEvent(tx, {
      type: EventType.RESALE_FLOOR_CHANGED,
      subjectId: row.productId,
      scope: { hqOnly: true },
      occurredAt: at,
      payload: { productId: row.productId, regionId: row.regionId, minimumMinor },
    });
  }
}
