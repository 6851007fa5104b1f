import { AppError, Money, UserInputError } from '@dnp/subgraph-kit';
import { DealerGrade } from '../entities/price-list.entity.js';
import type { PricingContext } from '../pricing.loader.js';
import { ProductRef } from '../resolvers/product-ref.type.js';
import type { QuoteInput } from '../resolvers/quote.input.js';
import { Quote, QuoteLine } from '../resolvers/quote.type.js';
import { unitPriceAt } from './price-resolution.service.js';

/** Bounds of a quote; larger requests are refused, never truncated. */
export const QUOTE_MAX_LINES = 200;
export const QUOTE_MAX_QUANTITY = 100_000;
/** Currency of every demo and production price list. */
export const QUOTE_CURRENCY = 'CNY';

const GRADES = new Set<string>(Object.values(DealerGrade));

/**
 * Prices `input` for the request's viewer: the single quoting code path (the `quote` query now,
 * order placement later). Validates every line, resolves each product's price once through the
 * batched loader, selects volume tiers on each product's quantity summed over all its lines,
 * reports the lines in input order and computes every amount in integer minor units.
 *
 * Throws BAD_USER_INPUT (`field` `lines` or `lines[i].quantity` / `lines[i].productId`) for
 * invalid input, and PRICE_NOT_FOUND (`productId`, `productIds`, `field`) when any product has no
 * price for the viewer: a quote is complete or not given at all.
 */
export async function quote(ctx: PricingContext, input: QuoteInput): Promise<Quote> {
  const lines = input?.lines ?? [];
  if (lines.length < 1 || lines.length > QUOTE_MAX_LINES) {
    throw new UserInputError(`A quote needs 1 to ${QUOTE_MAX_LINES} lines`, 'lines');
  }
  const totals = new Map<string, number>();
  lines.forEach((line, i) => {
    if (typeof line.productId !== 'string' || !line.productId.trim() || line.productId.length > 40) {
      throw new UserInputError('productId must be a product id', `lines[${i}].productId`);
    }
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > QUOTE_MAX_QUANTITY) {
      throw new UserInputError(`quantity must be a whole number from 1 to ${QUOTE_MAX_QUANTITY}`, `lines[${i}].quantity`);
    }
    totals.set(line.productId, (totals.get(line.productId) ?? 0) + line.quantity);
  });

  const productIds = [...totals.keys()];
  const pricing = new Map((await Promise.all(productIds.map((id) => ctx.loaders.productPricing.load(id)))).map((p, i) => [productIds[i]!, p]));
  const missing = productIds.filter((id) => !pricing.get(id)!.dealer);
  if (missing.length) {
    const index = lines.findIndex((l) => l.productId === missing[0]);
    throw new AppError('PRICE_NOT_FOUND', `No price list prices product "${missing[0]}" for you`, {
      productId: missing[0],
      productIds: missing,
      field: `lines[${index}].productId`,
    });
  }

  let subtotalMinor = 0;
  const quoteLines = lines.map((line) => {
    const { dealer, base } = pricing.get(line.productId)!;
    if (dealer!.priceList.currency !== QUOTE_CURRENCY) {
      throw new AppError('CURRENCY_MISMATCH', `Price list "${dealer!.priceList.id}" is not in ${QUOTE_CURRENCY}`, { productId: line.productId });
    }
    const { unitPriceMinor, tierMinQuantity } = unitPriceAt(dealer!, totals.get(line.productId)!);
    const lineTotalMinor = unitPriceMinor * line.quantity;
    subtotalMinor += lineTotalMinor;
    return Object.assign(new QuoteLine(), {
      product: Object.assign(new ProductRef(), { id: line.productId }),
      productId: line.productId,
      quantity: line.quantity,
      unitPriceMinor,
      lineTotalMinor,
      unitPrice: Money.fromMinor(unitPriceMinor, QUOTE_CURRENCY),
      listUnitPrice: base && base.priceList.currency === QUOTE_CURRENCY ? Money.fromMinor(base.unitPriceMinor, QUOTE_CURRENCY) : null,
      lineTotal: Money.fromMinor(lineTotalMinor, QUOTE_CURRENCY),
      priceListId: dealer!.priceList.id,
      priceListName: dealer!.priceList.name,
      appliedTierMinQuantity: tierMinQuantity,
    });
  });

  // Promotions are not modelled yet; they will reduce the total here.
  const discountTotalMinor = 0;
  const totalMinor = subtotalMinor - discountTotalMinor;
  const { subject, now } = ctx.loaders;
  return Object.assign(new Quote(), {
    lines: quoteLines,
    subtotalMinor,
    discountTotalMinor,
    totalMinor,
    subtotal: Money.fromMinor(subtotalMinor, QUOTE_CURRENCY),
    discountTotal: Money.fromMinor(discountTotalMinor, QUOTE_CURRENCY),
    total: Money.fromMinor(totalMinor, QUOTE_CURRENCY),
    currency: QUOTE_CURRENCY,
    pricedAt: now,
    dealerGrade: subject.dealerGrade && GRADES.has(subject.dealerGrade) ? (subject.dealerGrade as DealerGrade) : null,
    regionId: subject.regionId,
  });
}
