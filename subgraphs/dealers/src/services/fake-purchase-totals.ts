import type { PurchaseTotalsSource } from './purchase-totals.js';

/**
 * Stand-in for orders' `dealerPurchaseTotals` (SERVICE, docs/design/network-administration.md §22) in
 * specs (the subgraph reads orders through `OrdersPurchaseTotals`): answers the totals it was given, and
 * none for other dealers, which the evaluation then leaves alone (no data, no proposal).
 */
export class FakePurchaseTotals implements PurchaseTotalsSource {
  constructor(private readonly given: ReadonlyMap<string, number> = new Map()) {}

  /** The given totals, whatever the window. */
  async totals(_from: string, _to: string): Promise<Map<string, number>> {
    return new Map(this.given);
  }
}
