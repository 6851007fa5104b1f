import {
  businessDate,
  domainError,
  EventType,
  ForbiddenError,
  insertAudit,
  isDealerRole,
  newId,
  raiseAlertOnce,
  Role,
  type DomainError,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import { PriceViolation, PriceViolationStatus } from '../entities/price-violation.entity.js';
import { RetailPriceReport, RetailPriceSource } from '../entities/retail-price-report.entity.js';
import type { PricingContext } from '../pricing-context.js';
import type { RetailPriceReportInput } from '../schema/price-control.input.js';
import { applicableFloor, checkProductAndRegion, isPositiveMinor, PriceControlCode } from './resale-floor.service.js';

const MAX_NOTE = 500;
const MAX_CODE = 24;

/** One retail price to file, from a report or a priced scan. */
export interface RetailPriceFacts {
  productId: string;
  dealerId: string;
  regionId: string;
  regionPath: string;
  priceMinor: number;
  observedAt: Date;
  source: RetailPriceSource;
  code: string | null;
  note: string | null;
  reportedBy: string | null;
}

/** What filing a retail price did: the report and the violation it raised or joined. */
export interface FiledRetailPrice {
  report: RetailPriceReport;
  violation: PriceViolation | null;
}

/** What reportRetailPrice did: the filed report, or why nothing was written. */
export interface RetailPriceResult {
  report: RetailPriceReport | null;
  violation: PriceViolation | null;
  errors: DomainError[];
}

/** The open key of a violation: one per dealer × product × region × business day while open. */
export function violationKey(f: Pick<RetailPriceFacts, 'dealerId' | 'productId' | 'regionId'>, day: string): string {
  return `${f.dealerId}:${f.productId}:${f.regionId}:${day}`;
}

/**
 * Raises the violation of a price below `minimumMinor` unless that day's is open (then the price
 * joins it), with `pricing.price_violation_raised` in the same transaction.
 */
async function raiseViolation(
  tx: EntityManager,
  f: RetailPriceFacts,
  minimumMinor: number,
  reportId: string,
): Promise<PriceViolation> {
  const businessDay = businessDate(f.observedAt, config.BUSINESS_TIME_ZONE);
  const openKey = violationKey(f, businessDay);
  const id = newId('pvl', f.observedAt);
  const { productId, dealerId, regionId, regionPath, priceMinor, code, source } = f;
  const row = {
    ...{ id, dealerId, productId, regionId, regionPath, priceMinor, minimumMinor, code, source, reportId },
    ...{ businessDay, openKey, status: PriceViolationStatus.OPEN, raisedAt: f.observedAt, resolvedAt: null },
  };
  await raiseAlertOnce(tx, PriceViolation, {
    row,
    at: f.observedAt,
    event: {
      type: EventType.PRICE_VIOLATION_RAISED,
      scope: { dealerIds: [dealerId], regionPath: regionPath.split('/').filter(Boolean) },
      payload: { alertId: id, productId, dealerId, regionId, priceMinor, minimumMinor, code, source },
    },
  });
  return (await tx.findOne(PriceViolation, { openKey }))!;
}

/**
 * Files one retail price in the caller's transaction: the report, and when it is below the
 * applicable minimum (the deepest region on its path), the day's violation.
 */
export async function fileRetailPrice(
  tx: EntityManager,
  f: RetailPriceFacts,
  now = new Date(),
): Promise<FiledRetailPrice> {
  const floor = await applicableFloor(tx, f.productId, f.regionPath, f.observedAt);
  const reportId = newId('rpr', now);
  const below = floor !== null && f.priceMinor < floor.minPriceMinor;
  const violation = below ? await raiseViolation(tx, f, floor.minPriceMinor, reportId) : null;
  const report = Object.assign(new RetailPriceReport(), {
    ...{ id: reportId, productId: f.productId, dealerId: f.dealerId, regionId: f.regionId, regionPath: f.regionPath },
    ...{ priceMinor: f.priceMinor, minimumMinor: floor?.minPriceMinor ?? null, source: f.source, code: f.code },
    ...{ note: f.note, observedAt: f.observedAt, reportedBy: f.reportedBy, violationId: violation?.id ?? null },
    createdAt: now,
  });
  await tx.insert(RetailPriceReport, { ...report });
  return { report, violation };
}

/** Retail price reports (乱价 reporting) by dealer users for their own dealer and by HQ for any. */
export class RetailPriceService {
  /**
   * Files a reported retail price with its audit entry; refusals in the payload (nothing
   * written): PRICE_NOT_POSITIVE, PRODUCT_UNKNOWN, REGION_UNKNOWN, OBSERVED_IN_FUTURE,
   * DEALER_REQUIRED (HQ), DEALER_UNKNOWN (HQ naming a dealer the directory does not know),
   * NOTE_TOO_LONG. A dealer user naming another dealer is FORBIDDEN.
   */
  async report(ctx: PricingContext, input: RetailPriceReportInput, now = new Date()): Promise<RetailPriceResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.DEALER_ADMIN, Role.DEALER_STAFF);
    const dealerId = isDealerRole(viewer.role) ? (viewer.dealerId ?? null) : (input.dealerId ?? null);
    if (isDealerRole(viewer.role) && (!dealerId || (input.dealerId && input.dealerId !== dealerId)))
      throw new ForbiddenError('A dealer user reports retail prices for its own dealer only');
    const errors: DomainError[] = [];
    if (!dealerId) errors.push(domainError(PriceControlCode.DEALER_REQUIRED, 'Name the dealer', 'dealerId'));
    if (!isPositiveMinor(input.priceMinor))
      errors.push(
        domainError(PriceControlCode.PRICE_NOT_POSITIVE, 'The retail price must be above zero', 'priceMinor'),
      );
    const observedAt = input.observedAt ?? now;
    if (observedAt.getTime() > now.getTime())
      errors.push(domainError(PriceControlCode.OBSERVED_IN_FUTURE, 'observedAt is in the future', 'observedAt'));
    if (input.note && input.note.length > MAX_NOTE)
      errors.push(domainError(PriceControlCode.NOTE_TOO_LONG, `At most ${MAX_NOTE} characters`, 'note'));
    if (input.code && input.code.length > MAX_CODE)
      errors.push(domainError('BAD_USER_INPUT', 'Not a serial code', 'code'));
    const region = await checkProductAndRegion(ctx.em, input.productId, input.regionId, errors);
    // A dealer user's id comes from its token; HQ's is typed in, so it is looked up (the cached directory).
    if (dealerId && !isDealerRole(viewer.role) && !(await ctx.loaders.sellers.seller(dealerId)))
      errors.push(domainError(PriceControlCode.DEALER_UNKNOWN, 'No such dealer', 'dealerId'));
    if (errors.length || !region || !dealerId) return { report: null, violation: null, errors };
    const facts: RetailPriceFacts = {
      ...{ productId: input.productId, dealerId, regionId: region.regionId, regionPath: region.path },
      ...{ priceMinor: input.priceMinor, observedAt, source: RetailPriceSource.REPORT, code: input.code ?? null },
      ...{ note: input.note ?? null, reportedBy: viewer.userId },
    };
    const filed = await ctx.em.transactional(async (tx) => {
      const done = await fileRetailPrice(tx, facts, now);
      await insertAudit(tx, ctx, {
        ...{ operation: 'reportRetailPrice', action: 'CREATE', entityType: 'RetailPriceReport' },
        ...{ entityId: done.report.id, after: { ...facts, violationId: done.violation?.id ?? null } },
      });
      return done;
    });
    return { ...filed, errors: [] };
  }
}
