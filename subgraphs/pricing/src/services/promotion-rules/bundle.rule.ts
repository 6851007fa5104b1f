import { PromotionType } from '../../entities/promotion.entity.js';
import { divRoundHalfUp, notApplied, NotAppliedReason, yuan, type PromotionRule } from './promotion-rule.js';

/** BUNDLE: complete sets of the components at the bundle price; looks at the component lines only. */
export const bundleRule: PromotionRule = {
  type: PromotionType.BUNDLE,
  allowed: ['bundleItems', 'bundlePriceMinor'],
  required: ['bundleItems', 'bundlePriceMinor'],
  validate(params, report) {
    if (params.bundleItems.length > 0 && params.bundleItems.length < 2)
      report('BUNDLE_TOO_SMALL', 'A bundle needs at least 2 components', 'bundleItems');
  },
  columns: (params) => ({ bundleItems: params.bundleItems, bundlePriceMinor: params.bundlePriceMinor }),
  matches: (p, line) => p.bundleItems.some((b) => b.productId === line.productId),
  evaluate({ p, lines, amounts, eligible, discount }) {
    const items = p.bundleItems;
    const qty = (productId: string) => lines.reduce((s, l) => s + (l.productId === productId ? l.quantity : 0), 0);
    const times = Math.min(...items.map((b) => Math.floor(qty(b.productId) / b.quantity)));
    if (!times || !Number.isFinite(times)) {
      const missing = items
        .map((b) => `${Math.max(0, b.quantity - qty(b.productId))} × ${b.productId}`)
        .filter((s) => !s.startsWith('0 '));
      return notApplied(p, NotAppliedReason.BUNDLE_INCOMPLETE, `Add ${missing.join(', ')} to complete the bundle`, {
        quantityShortfall: items.reduce((s, b) => s + Math.max(0, b.quantity - qty(b.productId)), 0),
      });
    }
    // Value of the consumed units at the running unit price of each component.
    let value = 0;
    for (const b of items) {
      const idx = eligible.filter((i) => lines[i]!.productId === b.productId);
      const a = idx.reduce((s, i) => s + amounts[i]!, 0);
      value += divRoundHalfUp(BigInt(a) * BigInt(times * b.quantity), qty(b.productId));
    }
    const price = times * (p.bundlePriceMinor ?? 0);
    if (value <= price)
      return notApplied(
        p,
        NotAppliedReason.NO_BENEFIT,
        `The bundle price ${yuan(p.bundlePriceMinor ?? 0)} is not below the components' price`,
      );
    return discount(
      value - price,
      eligible,
      `${times} bundle(s) at ${yuan(p.bundlePriceMinor ?? 0)} each instead of ${yuan(value)} in total`,
      { times, eligibleAmountMinor: value },
    );
  },
};
