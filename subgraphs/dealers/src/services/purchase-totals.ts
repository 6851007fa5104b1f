/** Purchases per buying dealer in a window, as orders' `dealerPurchaseTotals` answers them (§22). */
export interface PurchaseTotalsSource {
  /** Shipped gross minus credited gross, in fen, per dealer id, for business dates `from`..`to` inclusive. */
  totals(from: string, to: string): Promise<Map<string, number>>;
}
