/**
 * A parent dealer's prices for its sub-dealers (二级分销): its seller lists (`price_list` rows with
 * `seller_dealer_id`, kind SALE, no region; one for every grade and one per grade it prices apart),
 * created on first use, and the brand's floor (价格管控) every such price must respect in every
 * region of the parent's direct sub-dealers. Only the seller's own DEALER_ADMIN changes them.
 */
import {
  assertCanActAsSeller,
  domainError,
  EventType,
  ForbiddenError,
  Money,
  newId,
  parseAmount,
  recordAudit,
  recordEvent,
  Role,
  type DomainError,
} from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { DealerGrade, PriceList, PriceListKind } from '../entities/price-list.entity.js';
import type { PricingContext } from '../pricing-context.js';
import { MAX_UNIT_PRICE_MINOR } from './price-list-admin.service.js';
import { bindingFloor, isBelowFloor, type FloorPrice } from './price-floor.rule.js';
import type { PricingSubject } from './price-resolution.service.js';
import { knownProducts } from './promotion.service.js';
import type { SellerFacts, SubDealerFacts } from './seller-directory.service.js';

/** Refusal codes of the seller price mutations (each writes nothing). */
export const SellerPriceCode = {
  PRICE_BELOW_FLOOR: 'PRICE_BELOW_FLOOR',
  INVALID_PRICE: 'INVALID_PRICE',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  UNKNOWN_PRODUCT: 'UNKNOWN_PRODUCT',
  UNKNOWN_DEALER_GRADE: 'UNKNOWN_DEALER_GRADE',
  NOT_A_SELLER: 'NOT_A_SELLER',
} as const;

const GRADES = Object.values(DealerGrade);
const CURRENCY = 'CNY';

/** One price a seller sets (`setSubDealerPrice`). */
export interface SubDealerPriceData {
  productId: string;
  /** The sub-dealer grade it is for; null/absent: every grade (the seller's generic list). */
  grade?: DealerGrade | null;
  /** 1 (default) for the base price, more for a volume tier. */
  minQuantity?: number | null;
  /** Decimal amount, e.g. "52.80". */
  unitPrice: string;
}

/** What a seller price change did: the entry (null when removed or refused), the binding floor, or why not. */
export interface SubDealerPriceResult {
  entry: PriceListEntry | null;
  /** The highest brand floor the price had to respect (null when none binds it or nothing was checked). */
  floor: Money | null;
  errors: DomainError[];
}

/** A product's binding floor for one grade over the seller's sub-dealer regions. */
export interface GradeFloor {
  grade: DealerGrade;
  floor: Money | null;
}

const refused = (errors: DomainError[], floor: FloorPrice | null = null): SubDealerPriceResult => ({
  entry: null,
  floor: floor ? Money.fromMinor(floor.unitPriceMinor, CURRENCY) : null,
  errors,
});

/**
 * The dealer the viewer sells as: its own dealer, for its DEALER_ADMIN (or a service acting for
 * it). FORBIDDEN for anyone else: HQ and managers have no seller list of their own.
 */
function actingSellerId(ctx: PricingContext): string {
  const viewer = ctx.requireRole(Role.DEALER_ADMIN, Role.SERVICE);
  if (!viewer.dealerId) throw new ForbiddenError('Only a dealer sells to sub-dealers');
  return viewer.dealerId;
}

/**
 * Act-for: a seller list is changed only as its seller (the kit's seller scope: never by a
 * sub-dealer, another dealer or a read-only key).
 */
function assertActsAsSeller(ctx: PricingContext, list: Pick<PriceList, 'sellerDealerId'>): void {
  assertCanActAsSeller(ctx.scope, { sellerDealerId: list.sellerDealerId }, 'price list');
}

/** The pricing subjects of `subDealers`' home regions for each of `grades` (duplicates dropped). */
async function floorSubjects(
  ctx: PricingContext,
  subDealers: readonly SubDealerFacts[],
  grades: readonly string[],
): Promise<PricingSubject[]> {
  const regions = [...new Set(subDealers.map((d) => d.regionId))];
  const nodes = await Promise.all(regions.map((id) => ctx.loaders.regionById.load(id)));
  const subjects: PricingSubject[] = [];
  regions.forEach((regionId, i) => {
    const path = nodes[i]?.path.split('/').filter(Boolean) ?? [regionId];
    for (const grade of grades) subjects.push({ dealerGrade: grade, regionId, regionPath: path });
  });
  return subjects;
}

/** The highest brand floor of `productId` for `grades` in any region of `subDealers`. */
export async function sellerFloor(
  ctx: PricingContext,
  subDealers: readonly SubDealerFacts[],
  grades: readonly string[],
  productId: string,
): Promise<FloorPrice | null> {
  const subjects = await floorSubjects(ctx, subDealers, grades);
  return bindingFloor(await Promise.all(subjects.map((s) => ctx.loaders.pricingFor(s).productFloor.load(productId))));
}

/** The code and names of a seller's list for `grade` (null: every grade). */
function listIdentity(seller: SellerFacts, grade: DealerGrade | null) {
  const code = grade ? `SUB-${seller.code}-${grade}` : `SUB-${seller.code}`;
  const name = `${seller.name}下级经销商价${grade ? `（${grade}级）` : ''}`;
  const nameEn = `${seller.nameEn} sub-dealer prices${grade ? ` (grade ${grade})` : ''}`;
  return { code: code.slice(0, 40), name: name.slice(0, 120), nameEn: nameEn.slice(0, 120) };
}

/** Runs `write` again once when a concurrent first use created the same list or entry first. */
async function onceMoreOnConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    return write();
  }
}

/** Seller price lists: `setSubDealerPrice`, `removeSubDealerPrice`, `subDealerPriceList`, the floors. */
export class SellerPriceListService {
  /**
   * Sets one price of the viewer's dealer for its sub-dealers (the entry keyed by product, grade and
   * minQuantity), creating the seller's list on first use. Refuses (nothing written) INVALID_PRICE,
   * INVALID_QUANTITY, UNKNOWN_PRODUCT, NOT_A_SELLER (no direct sub-dealers) and PRICE_BELOW_FLOOR
   * (below the brand's floor for the grade — every grade when none is given — in any home region of
   * the direct sub-dealers; `floor` says which). Audited; records `pricing.sub_dealer_price_changed`.
   */
  async set(ctx: PricingContext, input: SubDealerPriceData): Promise<SubDealerPriceResult> {
    const sellerId = actingSellerId(ctx);
    const grade = input.grade ?? null;
    const minQuantity = input.minQuantity ?? 1;
    const errors = await this.validate(ctx, input.productId, grade, minQuantity);
    const amount = typeof input.unitPrice === 'string' ? parseAmount(input.unitPrice) : null;
    if (!amount || amount.code) {
      errors.push(domainError(SellerPriceCode.INVALID_PRICE, amount?.message ?? 'unitPrice is required', 'unitPrice'));
    } else if (amount.minor > MAX_UNIT_PRICE_MINOR) {
      errors.push(domainError(SellerPriceCode.INVALID_PRICE, 'unitPrice may be at most 10000000.00', 'unitPrice'));
    }
    if (errors.length) return refused(errors);
    const seller = await this.sellerWithSubDealers(ctx, sellerId);
    if (!seller) return refused([notASeller()]);
    const unitPriceMinor = amount!.minor!;
    const floor = await sellerFloor(ctx, seller.subDealers, grade ? [grade] : GRADES, input.productId);
    if (isBelowFloor(unitPriceMinor, floor)) {
      const amount = Money.fromMinor(floor!.unitPriceMinor, CURRENCY).amount;
      const message = `The price is below the brand's floor of ${amount}`;
      return refused([domainError(SellerPriceCode.PRICE_BELOW_FLOOR, message, 'unitPrice')], floor);
    }
    const entry = await onceMoreOnConflict(() =>
      ctx.em.transactional((tx) =>
        this.write(ctx, tx, seller, { productId: input.productId, grade, minQuantity, unitPriceMinor }),
      ),
    );
    return { entry, floor: floor ? Money.fromMinor(floor.unitPriceMinor, CURRENCY) : null, errors: [] };
  }

  /**
   * Removes one price of the viewer's dealer for its sub-dealers; removing a price that is not
   * there changes nothing. Audited; records `pricing.sub_dealer_price_changed` with a null price.
   */
  async remove(
    ctx: PricingContext,
    productId: string,
    grade: DealerGrade | null,
    minQuantity: number,
  ): Promise<SubDealerPriceResult> {
    const sellerId = actingSellerId(ctx);
    const errors = await this.validate(ctx, productId, grade, minQuantity, false);
    if (errors.length) return refused(errors);
    await ctx.em.transactional(async (tx) => {
      const list = await tx.findOne(PriceList, {
        sellerDealerId: sellerId,
        kind: PriceListKind.SALE,
        dealerGrade: grade,
      });
      if (!list) return;
      assertActsAsSeller(ctx, list);
      const row = await tx.findOne(PriceListEntry, { priceListId: list.id, productId, minQuantity });
      if (!row) return;
      tx.remove(row);
      list.updatedAt = new Date();
      this.record(ctx, tx, list, { productId, grade, minQuantity, unitPriceMinor: null }, row.unitPriceMinor);
    });
    return { entry: null, floor: null, errors: [] };
  }

  /** The viewer's dealer's list for its sub-dealers of `grade` (null: every grade); null before first use. */
  async ownList(ctx: PricingContext, grade: DealerGrade | null): Promise<PriceList | null> {
    const viewer = ctx.requireRole(Role.DEALER_ADMIN, Role.DEALER_STAFF);
    if (!viewer.dealerId) return null;
    const list = await ctx.em.findOne(PriceList, {
      sellerDealerId: viewer.dealerId,
      kind: PriceListKind.SALE,
      dealerGrade: grade ?? null,
    });
    if (list) ctx.loaders.priceListById.prime(list.id, list);
    return list;
  }

  /**
   * The brand's floor of an entry's product per grade (the entry's list's grade, or every grade for a
   * list for all grades), each the highest over the seller's direct sub-dealers' regions; empty for
   * entries of the brand's lists.
   */
  async entryFloors(ctx: PricingContext, entry: PriceListEntry): Promise<GradeFloor[]> {
    const list = await ctx.loaders.priceListById.load(entry.priceListId);
    if (!list?.sellerDealerId) return [];
    const seller = await ctx.loaders.sellers.seller(list.sellerDealerId);
    const grades = list.dealerGrade ? [list.dealerGrade] : GRADES;
    return Promise.all(
      grades.map(async (grade) => {
        const floor = seller?.subDealers.length
          ? await sellerFloor(ctx, seller.subDealers, [grade], entry.productId)
          : null;
        return { grade, floor: floor ? Money.fromMinor(floor.unitPriceMinor, CURRENCY) : null };
      }),
    );
  }

  /** Field checks shared by set and remove (UNKNOWN_PRODUCT only when `checkProduct`). */
  private async validate(
    ctx: PricingContext,
    productId: string,
    grade: DealerGrade | null,
    minQuantity: number,
    checkProduct = true,
  ): Promise<DomainError[]> {
    const errors: DomainError[] = [];
    if (grade != null && !GRADES.includes(grade))
      errors.push(domainError(SellerPriceCode.UNKNOWN_DEALER_GRADE, 'Unknown dealer grade', 'grade'));
    if (!Number.isInteger(minQuantity) || minQuantity < 1 || minQuantity > 100_000)
      errors.push(
        domainError(
          SellerPriceCode.INVALID_QUANTITY,
          'minQuantity must be a whole number from 1 to 100000',
          'minQuantity',
        ),
      );
    const wellFormed = typeof productId === 'string' && productId.length > 0 && productId.length <= 40;
    if (!wellFormed || (checkProduct && !(await knownProducts(ctx.em, [productId])).has(productId)))
      errors.push(domainError(SellerPriceCode.UNKNOWN_PRODUCT, `Unknown product "${productId}"`, 'productId'));
    return errors;
  }

  /** The seller with at least one direct sub-dealer, else null. */
  private async sellerWithSubDealers(ctx: PricingContext, sellerId: string): Promise<SellerFacts | null> {
    const seller = await ctx.loaders.sellers.seller(sellerId);
    return seller?.subDealers.length ? seller : null;
  }

  /** Upserts the entry (and the list on first use) with its audit entry and event, in `tx`. */
  private async write(
    ctx: PricingContext,
    tx: EntityManager,
    seller: SellerFacts,
    price: { productId: string; grade: DealerGrade | null; minQuantity: number; unitPriceMinor: number },
  ): Promise<PriceListEntry> {
    const now = new Date();
    const where = { sellerDealerId: seller.id, kind: PriceListKind.SALE, dealerGrade: price.grade };
    const list =
      (await tx.findOne(PriceList, where)) ??
      tx.create(PriceList, {
        ...where,
        ...listIdentity(seller, price.grade),
        id: newId('pl', now),
        currency: CURRENCY,
        regionId: null,
        regionPath: null,
        regionDepth: 0,
        priority: 0,
        validFrom: now,
        validTo: null,
        active: true,
        createdAt: now,
        updatedAt: now,
      });
    assertActsAsSeller(ctx, list);
    const key = { priceListId: list.id, productId: price.productId, minQuantity: price.minQuantity };
    let row = await tx.findOne(PriceListEntry, key);
    const before = row?.unitPriceMinor ?? null;
    if (row) row.unitPriceMinor = price.unitPriceMinor;
    else row = tx.create(PriceListEntry, { ...key, id: newId('ple', now), unitPriceMinor: price.unitPriceMinor });
    list.updatedAt = now;
    this.record(ctx, tx, list, price, before);
    return row;
  }

  /** The audit entry and the `pricing.sub_dealer_price_changed` event of one price change, in `tx`. */
  private record(
    ctx: PricingContext,
    tx: EntityManager,
    list: PriceList,
    price: { productId: string; grade: DealerGrade | null; minQuantity: number; unitPriceMinor: number | null },
    beforeMinor: number | null,
  ): void {
    const { productId, grade, minQuantity, unitPriceMinor } = price;
    recordAudit(tx, ctx, {
      operation: unitPriceMinor == null ? 'removeSubDealerPrice' : 'setSubDealerPrice',
      action: unitPriceMinor == null ? 'DELETE' : beforeMinor == null ? 'CREATE' : 'UPDATE',
      entityType: 'PriceList',
      entityId: list.id,
      before: beforeMinor == null ? undefined : { productId, grade, minQuantity, unitPriceMinor: beforeMinor },
      after: unitPriceMinor == null ? undefined : { productId, grade, minQuantity, unitPriceMinor },
    });
    recordEvent(tx, {
      type: EventType.SUB_DEALER_PRICE_CHANGED,
      subjectId: list.id,
      scope: { dealerIds: [list.sellerDealerId!] },
      payload: {
        priceListId: list.id,
        sellerDealerId: list.sellerDealerId!,
        productId,
        grade,
        minQuantity,
        unitPriceMinor,
      },
    });
  }
}

function notASeller(): DomainError {
  return domainError(SellerPriceCode.NOT_A_SELLER, 'Your dealer has no sub-dealers to sell to');
}
