import { AppError, Money, NotFoundError, Role, UserInputError } from '@dnp/subgraph-kit';
import { DealerGrade } from '../entities/price-list.entity.js';
import type { ProductAttribute } from '../entities/product-attribute.entity.js';
import { PromotionType, type Promotion } from '../entities/promotion.entity.js';
import type { PricingContext, ProductPricing } from '../pricing-context.js';
import type { QuoteInput } from '../schema/quote.input.js';
import { isBelowFloor } from './price-floor.rule.js';
import { unitPriceAt, type PricingSubject } from './price-resolution.service.js';
import { applyPromotions, type AppliedResult, type EngineLine, type GiftPrice } from './promotion-engine.service.js';
import { dealerRegionId } from './dealer-directory.service.js';
import { quoteRebate, requestedRebateMinor } from './quote-rebate.service.js';
import type { AppliedPromotionResult, QuoteLineResult, QuoteResult } from './quote.model.js';

/** Bounds of a quote; larger requests are refused, never truncated. */
export const QUOTE_MAX_LINES = 200;
export const QUOTE_MAX_QUANTITY = 100_000;
/** Currency of every demo and production price list. */
export const QUOTE_CURRENCY = 'CNY';

const GRADES = new Set<string>(Object.values(DealerGrade));
/** Viewers who may quote from any seller (the order saga, HQ); dealers only from their own parent. */
const ANY_SELLER = new Set<string>([Role.HQ_ADMIN, Role.SERVICE]);
/** Viewers who may learn which grades and regions a promotion is offered to. */
const STAFF = new Set<string>([Role.HQ_ADMIN, Role.REGION_MANAGER, Role.SERVICE]);

/** Who a quote is for when it is not the viewer (HQ's previewQuote). */
export interface QuoteOptions {
  /** Price as this subject (grade and region path) instead of the viewer. */
  subject?: PricingSubject;
  /** The dealer whose per-dealer promotion limits apply; null/absent = none checked. */
  dealerId?: string | null;
  /** Report audience mismatches as NOT_ELIGIBLE; default: only for HQ, region managers and services. */
  revealAudience?: boolean;
}

const money = (minor: number) => Money.fromMinor(minor, QUOTE_CURRENCY);

/** What a quote reads before pricing: promotions, the dealer's usage, every product's price and attributes. */
interface QuoteFacts {
  promotions: Promotion[];
  dealerUsage: Map<string, number>;
  /** Gift products of the running GIFT_WITH_PURCHASE promotions, priced with the cart. */
  giftIds: string[];
  pricing: Map<string, ProductPricing>;
  attributesOf: Map<string, ProductAttribute | null>;
}

/**
 * Prices `input` for the request's viewer (or, with `opts.subject`, for a dealer of a grade and
 * region): the single quoting code path (`quote`, `previewQuote`, order placement later).
 * Validates every line, resolves each product's price once through the batched loader, selects
 * volume tiers on each product's quantity summed over all its lines, then runs the promotion
 * engine (`promotion-engine.service.ts`) and reports the lines in input order, followed by gift
 * lines, with every amount in integer minor units. Statements: promotions, dealer usage, price
 * lists, entries and product attributes — the same for 1 line or 200, 1 promotion or 100.
 *
 * With `input.sellerDealerId` the lines are priced from that parent dealer's lists for its
 * sub-dealers (the subject's grade picks the list), no promotions apply, and every line's unit
 * price is checked against the brand's floor for the subject's grade and region.
 *
 * Throws BAD_USER_INPUT (`field` `lines` or `lines[i].quantity` / `lines[i].productId`) for
 * invalid input, PRICE_NOT_FOUND (`productId`, `productIds`, `field`) when any product has no
 * price for the viewer: a quote is complete or not given at all; SELLER_NOT_PARENT when a dealer
 * names a seller other than its parent, PRICE_BELOW_FLOOR (`productId`, `floor`, `field`) when a
 * seller's price is below the brand's floor (a later brand raise): never a sale under the floor.
 * `input.rebateAmount` adds the rebate block (`quote-rebate.service.ts`; a malformed amount is
 * refused with its AMOUNT_* code before anything is read).
 */
export async function quote(ctx: PricingContext, input: QuoteInput, opts: QuoteOptions = {}): Promise<QuoteResult> {
  const lines = input?.lines ?? [];
  const totals = quantitiesByProduct(lines);
  const requestedMinor = requestedRebateMinor(input?.rebateAmount);
  const sellerDealerId = await quoteSeller(ctx, input?.sellerDealerId);
  const buyer = opts.subject ?? ctx.loaders.subject;
  const subject = sellerDealerId ? { ...buyer, sellerDealerId } : buyer;
  const dealerId = opts.subject ? (opts.dealerId ?? null) : (ctx.viewer?.dealerId ?? null);
  const revealAudience = opts.revealAudience ?? STAFF.has(ctx.viewer?.role ?? '');
  const { now } = ctx.loaders;
  const facts = await loadQuoteFacts(ctx, subject, dealerId, [...totals.keys()]);
  assertPriced(lines, [...totals.keys()], facts.pricing);
  if (sellerDealerId) await assertAboveFloors(ctx, buyer, lines, totals, facts.pricing);
  const { quoteLines, engineLines } = priceLines(lines, totals, facts);
  const result = applyPromotions({
    lines: engineLines,
    promotions: facts.promotions,
    subject: { dealerId, dealerGrade: subject.dealerGrade, regionPath: subject.regionPath },
    now,
    dealerUsage: facts.dealerUsage,
    giftPrices: giftPricesOf(facts.giftIds, facts.pricing),
    revealAudience,
  });
  const appliedPromotions = result.applied.map((a) => recordApplied(a, quoteLines, facts.pricing));
  for (const a of appliedPromotions) a.affectedLines = a.affectedLineIndexes.map((i) => quoteLines[i]!);
  const { subtotalMinor, discountTotalMinor, totalMinor } = totalLines(quoteLines);
  const promotionById = new Map(facts.promotions.map((p) => [p.id, p]));
  const rebate = await quoteRebate(ctx, {
    currency: QUOTE_CURRENCY,
    totalMinor,
    requestedMinor,
    dealerId,
    sellerDealerId,
  });
  return {
    lines: quoteLines,
    subtotalMinor,
    discountTotalMinor,
    totalMinor,
    subtotal: money(subtotalMinor),
    discountTotal: money(discountTotalMinor),
    total: money(totalMinor),
    appliedPromotions,
    notAppliedPromotions: result.notApplied.map((n) => ({
      promotion: n.promotion,
      reason: n.reason,
      message: n.message,
      shortfall: n.shortfallMinor == null ? null : money(n.shortfallMinor),
      quantityShortfall: n.quantityShortfall,
      potentialDiscount: n.potentialDiscountMinor == null ? null : money(n.potentialDiscountMinor),
      lostTo: n.lostToId ? (promotionById.get(n.lostToId) ?? null) : null,
    })),
    currency: QUOTE_CURRENCY,
    pricedAt: now,
    dealerGrade: subject.dealerGrade && GRADES.has(subject.dealerGrade) ? (subject.dealerGrade as DealerGrade) : null,
    regionId: subject.regionId,
    rebate,
  };
}

/**
 * Validates the lines (BAD_USER_INPUT naming the first bad field) and sums the quantity of each
 * product over all its lines, in first-seen order (volume tiers apply to the sum).
 */
function quantitiesByProduct(lines: QuoteInput['lines']): Map<string, number> {
  if (lines.length < 1 || lines.length > QUOTE_MAX_LINES) {
    throw new UserInputError(`A quote needs 1 to ${QUOTE_MAX_LINES} lines`, 'lines');
  }
  const totals = new Map<string, number>();
  lines.forEach((line, i) => {
    if (typeof line.productId !== 'string' || !line.productId.trim() || line.productId.length > 40) {
      throw new UserInputError('productId must be a product id', `lines[${i}].productId`);
    }
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > QUOTE_MAX_QUANTITY) {
      throw new UserInputError(
        `quantity must be a whole number from 1 to ${QUOTE_MAX_QUANTITY}`,
        `lines[${i}].quantity`,
      );
    }
    totals.set(line.productId, (totals.get(line.productId) ?? 0) + line.quantity);
  });
  return totals;
}

/**
 * The seller a quote names, checked: any seller for HQ and services (the order saga); for everyone
 * else only the viewer's dealer's parent (SELLER_NOT_PARENT). Null when none is named (the brand).
 */
async function quoteSeller(ctx: PricingContext, sellerDealerId: string | null | undefined): Promise<string | null> {
  if (sellerDealerId == null) return null;
  if (typeof sellerDealerId !== 'string' || !sellerDealerId.trim() || sellerDealerId.length > 40)
    throw new UserInputError('sellerDealerId must be a dealer id', 'sellerDealerId');
  const viewer = ctx.viewer;
  if (viewer && ANY_SELLER.has(viewer.role)) return sellerDealerId;
  const parentId = viewer?.dealerId ? await ctx.loaders.sellers.parentOf(viewer.dealerId) : null;
  if (parentId !== sellerDealerId)
    throw new AppError('SELLER_NOT_PARENT', 'You may buy only from the brand or your own parent dealer', {
      field: 'sellerDealerId',
    });
  return sellerDealerId;
}

/**
 * PRICE_BELOW_FLOOR naming the first line whose seller unit price (at its tier) is below the
 * brand's floor for the buyer's grade and region.
 */
async function assertAboveFloors(
  ctx: PricingContext,
  buyer: PricingSubject,
  lines: QuoteInput['lines'],
  totals: Map<string, number>,
  pricing: Map<string, ProductPricing>,
): Promise<void> {
  const floorOf = ctx.loaders.pricingFor({ ...buyer, sellerDealerId: null }).productFloor;
  const ids = [...totals.keys()];
  const floors = new Map((await floorOf.loadMany(ids)).map((f, i) => [ids[i]!, f instanceof Error ? null : f]));
  for (const [i, line] of lines.entries()) {
    const { unitPriceMinor } = unitPriceAt(pricing.get(line.productId)!.dealer!, totals.get(line.productId)!);
    const floor = floors.get(line.productId) ?? null;
    if (isBelowFloor(unitPriceMinor, floor))
      throw new AppError('PRICE_BELOW_FLOOR', `The seller's price of "${line.productId}" is below the brand's floor`, {
        productId: line.productId,
        floor: money(floor!.unitPriceMinor).amount,
        field: `lines[${i}]`,
      });
  }
}

/**
 * Reads what the quote needs through the request's batched loaders: a fixed number of statements.
 * A quote from a seller reads no promotions (the brand's promotions do not apply to its sales).
 */
async function loadQuoteFacts(
  ctx: PricingContext,
  subject: PricingSubject,
  dealerId: string | null,
  productIds: string[],
): Promise<QuoteFacts> {
  const subjectPricing = ctx.loaders.pricingFor(subject);
  const fromSeller = subject.sellerDealerId != null;
  // Promotions first, so gift products are priced in the same batch as the cart's products.
  const [promotions, dealerUsage] = await Promise.all([
    fromSeller ? Promise.resolve([] as Promotion[]) : ctx.loaders.activePromotionRows(),
    dealerId && !fromSeller ? ctx.loaders.dealerUsage(dealerId) : Promise.resolve(new Map<string, number>()),
  ]);
  const giftIds = [
    ...new Set(
      promotions
        .filter((p) => p.type === PromotionType.GIFT_WITH_PURCHASE && p.rewardProductId)
        .map((p) => p.rewardProductId!),
    ),
  ];
  const allIds = [...new Set([...productIds, ...giftIds])];
  const [priced, attributes] = await Promise.all([
    Promise.all(allIds.map((id) => subjectPricing.productPricing.load(id))),
    Promise.all(productIds.map((id) => ctx.loaders.productAttributes.load(id))),
  ]);
  return {
    promotions,
    dealerUsage,
    giftIds,
    pricing: new Map(priced.map((p, i) => [allIds[i]!, p])),
    attributesOf: new Map(attributes.map((a, i) => [productIds[i]!, a])),
  };
}

/** PRICE_NOT_FOUND naming the first line whose product has no price for the subject. */
function assertPriced(lines: QuoteInput['lines'], productIds: string[], pricing: Map<string, ProductPricing>): void {
  const missing = productIds.filter((id) => !pricing.get(id)!.dealer);
  if (missing.length) {
    const index = lines.findIndex((l) => l.productId === missing[0]);
    throw new AppError('PRICE_NOT_FOUND', `No price list prices product "${missing[0]}" for you`, {
      productId: missing[0],
      productIds: missing,
      field: `lines[${index}].productId`,
    });
  }
}

/**
 * The input lines priced at their tier (quote lines, totals still open) and the same lines as the
 * promotion engine sees them (with category and brand). CURRENCY_MISMATCH for a non-CNY list.
 */
function priceLines(
  lines: QuoteInput['lines'],
  totals: Map<string, number>,
  { pricing, attributesOf }: QuoteFacts,
): { quoteLines: QuoteLineResult[]; engineLines: EngineLine[] } {
  const quoteLines: QuoteLineResult[] = [];
  const engineLines: EngineLine[] = lines.map((line) => {
    const { dealer, base } = pricing.get(line.productId)!;
    if (dealer!.priceList.currency !== QUOTE_CURRENCY) {
      throw new AppError('CURRENCY_MISMATCH', `Price list "${dealer!.priceList.id}" is not in ${QUOTE_CURRENCY}`, {
        productId: line.productId,
      });
    }
    const { unitPriceMinor, tierMinQuantity } = unitPriceAt(dealer!, totals.get(line.productId)!);
    const subtotal = unitPriceMinor * line.quantity;
    // The totals (discountTotal, lineTotal and their *Minor) are filled in by totalLines, once the
    // discounts are known.
    quoteLines.push({
      product: { id: line.productId },
      productId: line.productId,
      quantity: line.quantity,
      unitPriceMinor,
      lineSubtotalMinor: subtotal,
      unitPrice: money(unitPriceMinor),
      listUnitPrice: listPriceOf(base),
      lineSubtotal: money(subtotal),
      priceListId: dealer!.priceList.id,
      priceListName: dealer!.priceList.name,
      appliedTierMinQuantity: tierMinQuantity,
      isGift: false,
      giftOf: null,
      giftValue: null,
      discounts: [],
    } as Partial<QuoteLineResult> as QuoteLineResult);
    const attrs = attributesOf.get(line.productId);
    return {
      productId: line.productId,
      quantity: line.quantity,
      unitPriceMinor,
      subtotalMinor: subtotal,
      categoryPath: attrs?.categoryPath ?? null,
      brandId: attrs?.brandId ?? null,
    };
  });
  return { quoteLines, engineLines };
}

/** The base list's unit price as the line's list price, when the base list prices it in CNY. */
function listPriceOf(base: ProductPricing['base']): Money | null {
  return base && base.priceList.currency === QUOTE_CURRENCY ? money(base.unitPriceMinor) : null;
}

/** The subject's CNY prices of the gift products (a gift without one is unavailable). */
function giftPricesOf(giftIds: string[], pricing: Map<string, ProductPricing>): Map<string, GiftPrice> {
  const giftPrices = new Map<string, GiftPrice>();
  for (const id of giftIds) {
    const dealer = pricing.get(id)?.dealer;
    if (dealer && dealer.priceList.currency === QUOTE_CURRENCY)
      giftPrices.set(id, {
        unitPriceMinor: dealer.unitPriceMinor,
        priceListId: dealer.priceList.id,
        priceListName: dealer.priceList.name,
      });
  }
  return giftPrices;
}

/**
 * Books one applied promotion into the quote: its share on each line, its gift line (appended),
 * and its result (`affectedLines` is set by the caller once every gift line is in).
 */
function recordApplied(
  a: AppliedResult<Promotion>,
  quoteLines: QuoteLineResult[],
  pricing: Map<string, ProductPricing>,
): AppliedPromotionResult {
  for (const share of a.shares) {
    quoteLines[share.lineIndex]!.discounts.push({
      promotion: a.promotion,
      promotionId: a.promotion.id,
      promotionName: a.promotion.name,
      promotionType: a.promotion.type,
      amount: money(share.amountMinor),
      amountMinor: share.amountMinor,
    });
  }
  const indexes = [...a.lineIndexes];
  if (a.gift) {
    indexes.push(quoteLines.length);
    quoteLines.push({
      product: { id: a.gift.productId },
      productId: a.gift.productId,
      quantity: a.gift.quantity,
      unitPriceMinor: 0,
      lineSubtotalMinor: 0,
      unitPrice: money(0),
      listUnitPrice: listPriceOf(pricing.get(a.gift.productId)?.base ?? null),
      lineSubtotal: money(0),
      priceListId: a.gift.price.priceListId,
      priceListName: a.gift.price.priceListName,
      appliedTierMinQuantity: null,
      isGift: true,
      giftOf: a.promotion,
      giftValue: money(a.giftValueMinor),
      discounts: [],
    } as Partial<QuoteLineResult> as QuoteLineResult);
  }
  const applied: Omit<AppliedPromotionResult, 'affectedLines'> = {
    promotion: a.promotion,
    discountMinor: a.discountMinor,
    giftValueMinor: a.giftValueMinor,
    discount: money(a.discountMinor),
    giftValue: money(a.giftValueMinor),
    benefit: money(a.discountMinor + a.giftValueMinor),
    description: a.description,
    times: a.times,
    eligibleAmount: money(a.eligibleAmountMinor),
    percentOff: a.percentOffBp == null ? null : a.percentOffBp / 100,
    threshold: a.thresholdMinor == null ? null : money(a.thresholdMinor),
    thresholdQuantity: a.thresholdQuantity,
    budgetCapped: a.budgetCapped,
    affectedLineIndexes: indexes,
  };
  return applied as AppliedPromotionResult;
}

/** Fills each line's discount total and line total; returns the quote's subtotal, discount and total. */
function totalLines(quoteLines: QuoteLineResult[]): {
  subtotalMinor: number;
  discountTotalMinor: number;
  totalMinor: number;
} {
  let subtotalMinor = 0;
  let discountTotalMinor = 0;
  let totalMinor = 0;
  for (const line of quoteLines) {
    const discount = line.discounts.reduce((s, d) => s + d.amountMinor, 0);
    line.discountTotalMinor = discount;
    line.lineTotalMinor = line.lineSubtotalMinor - discount;
    line.discountTotal = money(discount);
    line.lineTotal = money(line.lineTotalMinor);
    subtotalMinor += line.lineSubtotalMinor;
    discountTotalMinor += discount;
    totalMinor += line.lineTotalMinor;
  }
  return { subtotalMinor, discountTotalMinor, totalMinor };
}

/**
 * HQ's "preview quote": prices `input` as a dealer of `asDealer.dealerGrade` in
 * `asDealer.regionId` (its ancestors from the region read model), through the same `quote` code
 * path, reporting audience mismatches too. HQ_ADMIN any region and dealer; a REGION_MANAGER only a
 * region and a dealer of their subtree: anything else answers NOT_FOUND exactly like an unknown
 * id, so the preview reveals nothing about the rest of the network.
 * Per-dealer usage limits are checked only when `asDealer.dealerId` is given.
 */
export async function previewQuote(
  ctx: PricingContext,
  input: QuoteInput,
  asDealer: { dealerGrade: DealerGrade; regionId: string; dealerId?: string | null },
): Promise<QuoteResult> {
  const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER);
  if (!asDealer || !GRADES.has(asDealer.dealerGrade))
    throw new UserInputError('dealerGrade must be a dealer grade', 'asDealer.dealerGrade');
  const inSubtree = (path: string) =>
    viewer.role !== Role.REGION_MANAGER || Boolean(viewer.regionId && path.includes(`/${viewer.regionId}/`));
  const region =
    typeof asDealer.regionId === 'string' && asDealer.regionId.length <= 40
      ? await ctx.loaders.regionById.load(asDealer.regionId)
      : null;
  if (!region || !inSubtree(region.path)) throw new NotFoundError('Region', String(asDealer.regionId));
  if (asDealer.dealerId != null && viewer.role === Role.REGION_MANAGER) {
    // The named dealer's per-dealer promotion usage is its data: only a dealer of the manager's subtree.
    const home =
      typeof asDealer.dealerId === 'string' && asDealer.dealerId.length <= 40
        ? await dealerRegionId(asDealer.dealerId)
        : null;
    const homeRegion = home ? await ctx.loaders.regionById.load(home) : null;
    if (!homeRegion || !inSubtree(homeRegion.path)) throw new NotFoundError('Dealer', asDealer.dealerId);
  }
  const regionPath = region.path.split('/').filter(Boolean);
  return quote(ctx, input, {
    subject: { dealerGrade: asDealer.dealerGrade, regionId: region.regionId, regionPath },
    dealerId: asDealer.dealerId ?? null,
    revealAudience: true,
  });
}
