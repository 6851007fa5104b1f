/**
 * Payloads of the rebate, price-control and reporting events (docs/design/rebates-reports.md §12).
 * Kept beside `catalog.ts` so the catalog stays one readable list; every field is described in
 * docs/events.md. Amounts are integer minor units (fen); periods are the kit's business-period keys
 * (`2026-03`, `2026-Q1`, `2026`); instants are ISO-8601 UTC.
 */

/** Payload of `finance.rebate_policy_changed`: the policy as it is after the change. */
export interface RebatePolicyChangedPayload {
  policyId: string;
  code: string;
  /** `DRAFT`, `ACTIVE` or `CLOSED`. */
  status: string;
  /** `CREATED`, `UPDATED`, `ACTIVATED`, `CLOSED`, `TARGETS` or `AWARD`. */
  change: string;
  /** The policy row's version: a consumer ignores a payload older than what it applied. */
  version: number;
}

/** Payload of `finance.rebate_progress_changed`: a dealer's standing on one policy in one period. */
export interface RebateProgressChangedPayload {
  policyId: string;
  dealerId: string;
  period: string;
  /** The basis so far: shipped or paid amount in fen, or units for a quantity basis. */
  basis: number;
  accruedMinor: number;
  /** Index of the tier reached (0-based); null below the first. */
  tierIndex: number | null;
  /** The basis still needed to reach the next tier; null at the top tier or for kinds without tiers. */
  remainingToNextTier: number | null;
  /** The progress row's version. */
  version: number;
}

/** Payload of `finance.rebate_settlement_changed`. */
export interface RebateSettlementChangedPayload {
  settlementId: string;
  policyId: string;
  dealerId: string;
  period: string;
  /** `PROPOSED`, `APPROVED` or `REJECTED`. */
  status: string;
  amountMinor: number;
  /** `CREDIT_NOTE` or `BALANCE`. */
  form: string;
  /** The REBATE credit note an approved CREDIT_NOTE settlement issued. */
  creditNoteId?: string | null;
}

/** Payload of `finance.rebate_balance_changed`: a dealer's rebate balance after a movement. */
export interface RebateBalanceChangedPayload {
  dealerId: string;
  /** `SETTLED`, `HELD`, `CAPTURED` or `RELEASED`. */
  movement: string;
  amountMinor: number;
  balanceMinor: number;
  heldMinor: number;
  /** The settlement, order hold key or invoice the movement came from. */
  sourceId: string;
}

/** Payload of `traceability.retail_sold`: a unit sold to a consumer, scanned at the till. */
export interface RetailSoldPayload {
  code: string;
  productId: string;
  dealerId: string;
  regionId: string;
  /** The retail price the scan carried; null when none was entered. */
  priceMinor: number | null;
  soldAt: string;
}

/** Payload of `pricing.price_violation_raised`: a retail price below the minimum resale price. */
export interface PriceViolationRaisedPayload {
  alertId: string;
  productId: string;
  dealerId: string;
  regionId: string;
  priceMinor: number;
  minimumMinor: number;
  /** The serial code when the price came from a scan. */
  code: string | null;
  /** `REPORT` or `SCAN`. */
  source: string;
}

/** Payload of `pricing.resale_floor_changed`. */
export interface ResaleFloorChangedPayload {
  productId: string;
  regionId: string;
  /** Null: the minimum was removed. */
  minimumMinor: number | null;
}

/** Payload of `platform.export_progressed`: a report export's progress (kit export-job.ts). */
export interface ExportProgressedPayload {
  jobId: string;
  /** The subgraph that runs the export and serves its file. */
  owner: string;
  report: string;
  /** `RUNNING`, `DONE` or `FAILED`. */
  status: string;
  rowsDone: number;
  rowsTotal: number;
}
