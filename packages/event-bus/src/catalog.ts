/**
 * The event catalog: every domain event the platform raises, in one place. Producers
 * (`recordEvent`), consumers (the gateway's session revocation) and the gateway's subscription
 * fields name events only through `EventType`; `scripts/check-boundaries.mjs` fails on an event
 * type written as a bare string anywhere else. How a payload may change: docs/events.md
 * ("Evolving an event").
 */

/** Every event type, `<owning subgraph>.<event>`. */
import type {
  BrandChangedPayload,
  CategoryChangedPayload,
  CreditLimitChangedPayload,
  CreditLimitChangeRequestedPayload,
  DealerAdmittedPayload,
  DealerApplicationChangedPayload,
  DealerChangedPayload,
  GradeProposalsReadyPayload,
  ProductChangedPayload,
  QualificationChangedPayload,
  QualificationExpiringPayload,
  RegionChangedPayload,
  StockImportCompletedPayload,
  SubDealerPriceChangedPayload,
  UserChangedPayload,
  WarehouseChangedPayload,
} from './network-payloads.js';
import type {
  PriceViolationRaisedPayload,
  RebateBalanceChangedPayload,
  RebatePolicyChangedPayload,
  RebateProgressChangedPayload,
  RebateSettlementChangedPayload,
  ResaleFloorChangedPayload,
  RetailSoldPayload,
  ExportProgressedPayload,
} from './rebate-payloads.js';

export const EventType = {
  STOCK_CHANGED: 'inventory.stock_changed',
  INVENTORY_ALERT_RAISED: 'inventory.alert_raised',
  ORDER_STATUS_CHANGED: 'orders.order_status_changed',
  REVIEW_OVERDUE: 'orders.review_overdue',
  CREDIT_ALERT_RAISED: 'finance.credit_alert_raised',
  DIVERSION_DETECTED: 'traceability.diversion_detected',
  SESSION_REVOKED: 'dealers.session_revoked',
  USER_SESSIONS_REVOKED: 'dealers.user_sessions_revoked',
  USER_STATUS_CHANGED: 'dealers.user_status_changed',
  // Order to cash (docs/design/order-to-cash.md §8).
  SHIPMENT_STATUS_CHANGED: 'orders.shipment_status_changed',
  RETURN_STATUS_CHANGED: 'orders.return_status_changed',
  UNSHIPPED_OVERDUE: 'orders.unshipped_overdue',
  FULFILMENT_FAILED: 'orders.fulfilment_failed',
  GOODS_RECEIVED: 'inventory.goods_received',
  INVOICE_ISSUED: 'finance.invoice_issued',
  PAYMENT_RECORDED: 'finance.payment_recorded',
  CREDIT_NOTE_ISSUED: 'finance.credit_note_issued',
  STATEMENT_STATUS_CHANGED: 'finance.statement_status_changed',
  BANK_IMPORT_COMPLETED: 'finance.bank_import_completed',
  ORDERING_BLOCK_CHANGED: 'finance.ordering_block_changed',
  BANK_LINE_STATUS_CHANGED: 'finance.bank_line_status_changed',
  CODES_SHIPPED: 'traceability.codes_shipped',
  CODES_RETURNED: 'traceability.codes_returned',
  // Network administration (docs/design/network-administration.md §12.1).
  PRODUCT_CHANGED: 'products.product_changed',
  CATEGORY_CHANGED: 'products.category_changed',
  BRAND_CHANGED: 'products.brand_changed',
  WAREHOUSE_CHANGED: 'inventory.warehouse_changed',
  STOCK_IMPORT_COMPLETED: 'inventory.stock_import_completed',
  DEALER_APPLICATION_CHANGED: 'dealers.dealer_application_changed',
  DEALER_ADMITTED: 'dealers.dealer_admitted',
  DEALER_CHANGED: 'dealers.dealer_changed',
  QUALIFICATION_CHANGED: 'dealers.qualification_changed',
  QUALIFICATION_EXPIRING: 'dealers.qualification_expiring',
  REGION_CHANGED: 'dealers.region_changed',
  GRADE_PROPOSALS_READY: 'dealers.grade_proposals_ready',
  USER_CHANGED: 'dealers.user_changed',
  CREDIT_LIMIT_CHANGE_REQUESTED: 'finance.credit_limit_change_requested',
  CREDIT_LIMIT_CHANGED: 'finance.credit_limit_changed',
  SUB_DEALER_PRICE_CHANGED: 'pricing.sub_dealer_price_changed',
  REBATE_POLICY_CHANGED: 'finance.rebate_policy_changed',
  REBATE_PROGRESS_CHANGED: 'finance.rebate_progress_changed',
  REBATE_SETTLEMENT_CHANGED: 'finance.rebate_settlement_changed',
  REBATE_BALANCE_CHANGED: 'finance.rebate_balance_changed',
  RETAIL_SOLD: 'traceability.retail_sold',
  PRICE_VIOLATION_RAISED: 'pricing.price_violation_raised',
  RESALE_FLOOR_CHANGED: 'pricing.resale_floor_changed',
  EXPORT_PROGRESSED: 'platform.export_progressed',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Why sessions ended (`dealers.session_revoked`, `dealers.user_sessions_revoked`). */
export const SessionRevokeReason = {
  LOGOUT: 'LOGOUT',
  USER_DISABLED: 'USER_DISABLED',
  /** A refresh token that had already been rotated was presented again (theft or replay). */
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',
  /** An administrator changed the user's role: its rights changed, so its tokens must not outlive them. */
  ROLE_CHANGED: 'ROLE_CHANGED',
  /** An administrator reset the user's password. */
  PASSWORD_RESET: 'PASSWORD_RESET',
  /** The user's dealer left the network. */
  DEALER_TERMINATED: 'DEALER_TERMINATED',
} as const;
export type SessionRevokeReason = (typeof SessionRevokeReason)[keyof typeof SessionRevokeReason];

/** Payload of `inventory.stock_changed`: the level as it is after the change. */
export interface StockChangedPayload {
  productId: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  available: number;
  safetyStock: number;
  /** The level's row version (optimistic lock), not the event's version. */
  version: number;
  /** Units on hand but held back from sale (returned goods awaiting inspection); absent means 0. */
  quarantined?: number;
}

/** Payload of `inventory.alert_raised`. */
export interface InventoryAlertRaisedPayload {
  /** `SAFETY_STOCK`, `EXPIRY_RED`, `EXPIRY_YELLOW` or `EXPIRY_BLUE`. */
  kind: string;
  warehouseId: string;
  productId: string;
  stockLevelId: string | null;
  lotId: string | null;
  value: number;
  threshold: number;
}

/** Payload of `orders.order_status_changed`. */
export interface OrderStatusChangedPayload {
  orderId: string;
  dealerId: string;
  /** Null when the order was just placed. */
  fromStatus: string | null;
  toStatus: string;
  /** The dealer that sells (two-tier distribution); absent or null: the brand. */
  sellerDealerId?: string | null;
}

/** Payload of `orders.review_overdue`. */
export interface ReviewOverduePayload {
  alertId: string;
  orderId: string;
  dealerId: string;
  waitedMinutes: number;
  thresholdMinutes: number;
}

/** Payload of `finance.credit_alert_raised`. */
export interface CreditAlertRaisedPayload {
  alertId: string;
  dealerId: string;
  accountId: string;
  /** Credit use (used + held) in parts per million of the limit. */
  utilizationPpm: number;
  thresholdPercent: number;
}

/** Payload of `traceability.diversion_detected`. */
export interface DiversionDetectedPayload {
  alertId: string;
  code: string;
  productId: string;
  ownerDealerId: string;
  detectedRegionId: string;
  detectedByDealerId: string | null;
}

/** Payload of `dealers.session_revoked`. */
export interface SessionRevokedPayload {
  sessionId: string;
  userId: string;
  reason: SessionRevokeReason;
  /** No access token of the session lives past this (ISO-8601): how long a revocation must be remembered. */
  tokensExpireBy: string;
}

/** Payload of `dealers.user_sessions_revoked`. */
export interface UserSessionsRevokedPayload {
  userId: string;
  /** The sessions that were still open. */
  sessionIds: string[];
  reason: SessionRevokeReason;
  /** Access tokens issued before this moment (ISO-8601) are refused. */
  validAfter: string;
  tokensExpireBy: string;
}

/** Payload of `dealers.user_status_changed`. */
export interface UserStatusChangedPayload {
  userId: string;
  active: boolean;
  /** Why the user was disabled (disable only; null when none was given). */
  reason?: string | null;
}

/** Payload of `orders.shipment_status_changed`. */
export interface ShipmentStatusChangedPayload {
  shipmentId: string;
  shipmentNumber: string;
  orderId: string;
  dealerId: string;
  warehouseId: string;
  /** Null when the shipment was just created (at approval, or as the rest of a split). */
  fromStatus: string | null;
  toStatus: string;
  carrier?: string | null;
  trackingNumber?: string | null;
  /** The shipment whose unshipped rest this one is. */
  splitFromId?: string | null;
  /** Units the shipment carries. */
  units: number;
}

/** Payload of `orders.return_status_changed`. */
export interface ReturnStatusChangedPayload {
  returnId: string;
  returnNumber: string;
  orderId: string;
  dealerId: string;
  /** `DEALER` or `RECEIPT_DISCREPANCY`. */
  source: string;
  fromStatus: string | null;
  toStatus: string;
  /** The warehouse the goods come back to (set on approval). */
  warehouseId?: string | null;
}

/** Payload of `orders.unshipped_overdue`. */
export interface UnshippedOverduePayload {
  alertId: string;
  orderId: string;
  dealerId: string;
  /** ISO-8601. */
  approvedAt: string;
  days: number;
  thresholdDays: number;
}

/** Payload of `orders.fulfilment_failed`: a shipment's or return's effect was refused and needs a person. */
export interface FulfilmentFailedPayload {
  alertId: string;
  /** The fulfilment task kind (`SHIP`, `RECEIPT`, …). */
  taskKind: string;
  /** The shipment or return the task is about. */
  subjectId: string;
  orderId: string;
  code: string;
  message: string;
}

/** Payload of `inventory.goods_received`. */
export interface GoodsReceivedPayload {
  receiptId: string;
  /** The caller's idempotency key (`rcv:<shipmentId>`, `ret:<returnId>`, …). */
  key: string;
  /** `DEALER_RECEIPT`, `RETURN_IN`, `RETURN_OUT` or `RETURN_CANCELLED`. */
  kind: string;
  warehouseId: string;
  dealerId?: string | null;
  units: number;
  quarantinedUnits: number;
}

/** Payload of `finance.invoice_issued`; amounts in integer minor units (fen). */
export interface InvoiceIssuedPayload {
  invoiceId: string;
  number: string;
  dealerId: string;
  orderId: string;
  shipmentId: string | null;
  amountMinor: number;
  netMinor: number;
  taxMinor: number;
  /** Business date `YYYY-MM-DD`. */
  issuedOn: string;
  dueDate: string;
  lines: { productId: string; quantity: number; grossMinor: number; netMinor: number }[];
  /**
   * The parent dealer that sold on its own line (two-tier); null or absent: the brand's document. The
   * event's scope then holds the parent too, so its subscribers receive it.
   */
  sellerDealerId?: string | null;
}

/** Payload of `finance.payment_recorded`; amounts in integer minor units (fen). */
export interface PaymentRecordedPayload {
  paymentId: string;
  dealerId: string;
  amountMinor: number;
  allocatedMinor: number;
  unallocatedMinor: number;
  method: string;
  /** `MANUAL` or `BANK_IMPORT`. */
  source: string;
  /** Business date `YYYY-MM-DD`. */
  receivedOn: string;
  invoiceIds: string[];
  /** The dealer's available credit after the payment. */
  availableMinor: number;
  /**
   * The parent dealer that took the payment on the line it grants (two-tier); null or absent: the brand's payment. The
   * event's scope then holds the parent too, so its subscribers receive it.
   */
  sellerDealerId?: string | null;
}

/** Payload of `finance.credit_note_issued`; amounts in integer minor units (fen). */
export interface CreditNoteIssuedPayload {
  creditNoteId: string;
  number: string;
  dealerId: string;
  /** `RETURN`, `REBATE` or `ADJUSTMENT`. */
  kind: string;
  sourceKey: string;
  amountMinor: number;
  appliedMinor: number;
  invoiceId?: string | null;
  /**
   * The parent dealer that sold on its own line (two-tier); null or absent: the brand's document. The
   * event's scope then holds the parent too, so its subscribers receive it.
   */
  sellerDealerId?: string | null;
}

/** Payload of `finance.statement_status_changed`. */
export interface StatementStatusChangedPayload {
  statementId: string;
  dealerId: string;
  /** `YYYY-MM`. */
  period: string;
  fromStatus: string | null;
  toStatus: string;
  closingMinor: number;
}

/** Payload of `finance.bank_import_completed`: the counts of one imported file. */
export interface BankImportCompletedPayload {
  importId: string;
  lines: number;
  imported: number;
  duplicates: number;
  matched: number;
  unmatched: number;
  errors: number;
}

/** Payload of `finance.ordering_block_changed`. */
export interface OrderingBlockChangedPayload {
  dealerId: string;
  blocked: boolean;
  oldestDueDate?: string | null;
  overdueMinor: number;
  thresholdDays: number;
}

/** Payload of `finance.bank_line_status_changed` (a clerk ignored a bank line, or put an ignored one back). */
export interface BankLineStatusChangedPayload {
  lineId: string;
  importId: string;
  fromStatus: string;
  toStatus: string;
  amountMinor: number;
  reason?: string | null;
}

/** Payload of `traceability.codes_shipped`. */
export interface CodesShippedPayload {
  shipmentId: string;
  dealerId: string;
  warehouseId: string;
  codeCount: number;
}

/** Payload of `traceability.codes_returned`. */
export interface CodesReturnedPayload {
  returnId: string;
  warehouseId: string;
  codeCount: number;
  quarantined: boolean;
}

/** The payload type of each event type. */
export interface EventPayloads {
  [EventType.STOCK_CHANGED]: StockChangedPayload;
  [EventType.INVENTORY_ALERT_RAISED]: InventoryAlertRaisedPayload;
  [EventType.ORDER_STATUS_CHANGED]: OrderStatusChangedPayload;
  [EventType.REVIEW_OVERDUE]: ReviewOverduePayload;
  [EventType.CREDIT_ALERT_RAISED]: CreditAlertRaisedPayload;
  [EventType.DIVERSION_DETECTED]: DiversionDetectedPayload;
  [EventType.SESSION_REVOKED]: SessionRevokedPayload;
  [EventType.USER_SESSIONS_REVOKED]: UserSessionsRevokedPayload;
  [EventType.USER_STATUS_CHANGED]: UserStatusChangedPayload;
  [EventType.SHIPMENT_STATUS_CHANGED]: ShipmentStatusChangedPayload;
  [EventType.RETURN_STATUS_CHANGED]: ReturnStatusChangedPayload;
  [EventType.UNSHIPPED_OVERDUE]: UnshippedOverduePayload;
  [EventType.FULFILMENT_FAILED]: FulfilmentFailedPayload;
  [EventType.GOODS_RECEIVED]: GoodsReceivedPayload;
  [EventType.INVOICE_ISSUED]: InvoiceIssuedPayload;
  [EventType.PAYMENT_RECORDED]: PaymentRecordedPayload;
  [EventType.CREDIT_NOTE_ISSUED]: CreditNoteIssuedPayload;
  [EventType.STATEMENT_STATUS_CHANGED]: StatementStatusChangedPayload;
  [EventType.BANK_IMPORT_COMPLETED]: BankImportCompletedPayload;
  [EventType.ORDERING_BLOCK_CHANGED]: OrderingBlockChangedPayload;
  [EventType.BANK_LINE_STATUS_CHANGED]: BankLineStatusChangedPayload;
  [EventType.CODES_SHIPPED]: CodesShippedPayload;
  [EventType.CODES_RETURNED]: CodesReturnedPayload;
  [EventType.PRODUCT_CHANGED]: ProductChangedPayload;
  [EventType.CATEGORY_CHANGED]: CategoryChangedPayload;
  [EventType.BRAND_CHANGED]: BrandChangedPayload;
  [EventType.WAREHOUSE_CHANGED]: WarehouseChangedPayload;
  [EventType.STOCK_IMPORT_COMPLETED]: StockImportCompletedPayload;
  [EventType.DEALER_APPLICATION_CHANGED]: DealerApplicationChangedPayload;
  [EventType.DEALER_ADMITTED]: DealerAdmittedPayload;
  [EventType.DEALER_CHANGED]: DealerChangedPayload;
  [EventType.QUALIFICATION_CHANGED]: QualificationChangedPayload;
  [EventType.QUALIFICATION_EXPIRING]: QualificationExpiringPayload;
  [EventType.REGION_CHANGED]: RegionChangedPayload;
  [EventType.GRADE_PROPOSALS_READY]: GradeProposalsReadyPayload;
  [EventType.USER_CHANGED]: UserChangedPayload;
  [EventType.CREDIT_LIMIT_CHANGE_REQUESTED]: CreditLimitChangeRequestedPayload;
  [EventType.CREDIT_LIMIT_CHANGED]: CreditLimitChangedPayload;
  [EventType.SUB_DEALER_PRICE_CHANGED]: SubDealerPriceChangedPayload;
  [EventType.REBATE_POLICY_CHANGED]: RebatePolicyChangedPayload;
  [EventType.REBATE_PROGRESS_CHANGED]: RebateProgressChangedPayload;
  [EventType.REBATE_SETTLEMENT_CHANGED]: RebateSettlementChangedPayload;
  [EventType.REBATE_BALANCE_CHANGED]: RebateBalanceChangedPayload;
  [EventType.RETAIL_SOLD]: RetailSoldPayload;
  [EventType.PRICE_VIOLATION_RAISED]: PriceViolationRaisedPayload;
  [EventType.RESALE_FLOOR_CHANGED]: ResaleFloorChangedPayload;
  [EventType.EXPORT_PROGRESSED]: ExportProgressedPayload;
}

/** The payload of event type `T`. */
export type EventPayload<T extends EventType> = EventPayloads[T];

/** What the catalog says about one event type. */
export interface EventSpec<T extends EventType = EventType> {
  type: T;
  /**
   * The payload's version: within a version only additive changes; a breaking change is a new
   * version published under `<type>_v<n>` next to the old one for a deprecation period.
   */
  version: number;
  /** The subgraph that raises it (the part of `type` before the dot). */
  owner: string;
  /** One line: what happened. */
  description: string;
}

/** Every event with its version, owner and a one-line description (docs/events.md has the details). */
export const EVENT_CATALOG: { readonly [T in EventType]: EventSpec<T> } = {
  [EventType.STOCK_CHANGED]: {
    type: EventType.STOCK_CHANGED,
    version: 1,
    owner: 'inventory',
    description: 'A stock level changed (adjustment, reservation, release, commit); the payload is the level after it.',
  },
  [EventType.INVENTORY_ALERT_RAISED]: {
    type: EventType.INVENTORY_ALERT_RAISED,
    version: 1,
    owner: 'inventory',
    description: 'A level fell below its safety stock, or a lot with units entered an expiry window.',
  },
  [EventType.ORDER_STATUS_CHANGED]: {
    type: EventType.ORDER_STATUS_CHANGED,
    version: 1,
    owner: 'orders',
    description: 'An order moved from one status to another (placed, saga outcome, review, cancel).',
  },
  [EventType.REVIEW_OVERDUE]: {
    type: EventType.REVIEW_OVERDUE,
    version: 1,
    owner: 'orders',
    description: 'An order waited in PENDING_REVIEW longer than REVIEW_OVERDUE_MINUTES.',
  },
  [EventType.CREDIT_ALERT_RAISED]: {
    type: EventType.CREDIT_ALERT_RAISED,
    version: 1,
    owner: 'finance',
    description: "A dealer's credit use rose above CREDIT_ALERT_PERCENT of its limit.",
  },
  [EventType.DIVERSION_DETECTED]: {
    type: EventType.DIVERSION_DETECTED,
    version: 1,
    owner: 'traceability',
    description: "A serial code was scanned outside its owner's territory.",
  },
  [EventType.SESSION_REVOKED]: {
    type: EventType.SESSION_REVOKED,
    version: 1,
    owner: 'dealers',
    description: 'One session ended (logout); gateways refuse its access tokens.',
  },
  [EventType.USER_SESSIONS_REVOKED]: {
    type: EventType.USER_SESSIONS_REVOKED,
    version: 1,
    owner: 'dealers',
    description: 'Every session of a user ended (disabled, or a rotated refresh token presented again).',
  },
  [EventType.USER_STATUS_CHANGED]: {
    type: EventType.USER_STATUS_CHANGED,
    version: 1,
    owner: 'dealers',
    description: 'A user was disabled or enabled again.',
  },
  [EventType.SHIPMENT_STATUS_CHANGED]: {
    type: EventType.SHIPMENT_STATUS_CHANGED,
    version: 1,
    owner: 'orders',
    description: 'A shipment was created, shipped (whole or in part), delivered or cancelled.',
  },
  [EventType.RETURN_STATUS_CHANGED]: {
    type: EventType.RETURN_STATUS_CHANGED,
    version: 1,
    owner: 'orders',
    description: 'A return or receipt discrepancy claim was requested, reviewed, received or credited.',
  },
  [EventType.UNSHIPPED_OVERDUE]: {
    type: EventType.UNSHIPPED_OVERDUE,
    version: 1,
    owner: 'orders',
    description: 'An approved order still had goods to pick UNSHIPPED_ALERT_DAYS after approval.',
  },
  [EventType.FULFILMENT_FAILED]: {
    type: EventType.FULFILMENT_FAILED,
    version: 1,
    owner: 'orders',
    description: 'An effect of a shipment, receipt or return was refused; a person must settle it.',
  },
  [EventType.GOODS_RECEIVED]: {
    type: EventType.GOODS_RECEIVED,
    version: 1,
    owner: 'inventory',
    description: 'Goods entered or left a warehouse by receipt or return (dealer receipt, return in or out).',
  },
  [EventType.INVOICE_ISSUED]: {
    type: EventType.INVOICE_ISSUED,
    version: 1,
    owner: 'finance',
    description: 'An invoice was issued for a shipped shipment, with VAT per line.',
  },
  [EventType.PAYMENT_RECORDED]: {
    type: EventType.PAYMENT_RECORDED,
    version: 1,
    owner: 'finance',
    description: "A dealer's payment was recorded and allocated to invoices or its balance.",
  },
  [EventType.CREDIT_NOTE_ISSUED]: {
    type: EventType.CREDIT_NOTE_ISSUED,
    version: 1,
    owner: 'finance',
    description: 'A credit note (a return, rebate or adjustment) was issued and applied.',
  },
  [EventType.STATEMENT_STATUS_CHANGED]: {
    type: EventType.STATEMENT_STATUS_CHANGED,
    version: 1,
    owner: 'finance',
    description: "A dealer's monthly statement was issued, confirmed or disputed.",
  },
  [EventType.BANK_IMPORT_COMPLETED]: {
    type: EventType.BANK_IMPORT_COMPLETED,
    version: 1,
    owner: 'finance',
    description: 'A bank statement file was imported; the payload has its counts.',
  },
  [EventType.ORDERING_BLOCK_CHANGED]: {
    type: EventType.ORDERING_BLOCK_CHANGED,
    version: 1,
    owner: 'finance',
    description: "A dealer's ordering was blocked by overdue receivables, or the block was lifted.",
  },
  [EventType.BANK_LINE_STATUS_CHANGED]: {
    type: EventType.BANK_LINE_STATUS_CHANGED,
    version: 1,
    owner: 'finance',
    description: 'A clerk set a bank line aside (IGNORED), put an ignored line back (UNMATCHED) or matched it by hand.',
  },
  [EventType.CODES_SHIPPED]: {
    type: EventType.CODES_SHIPPED,
    version: 1,
    owner: 'traceability',
    description: 'Serial codes left a warehouse on a shipment and now belong to its dealer.',
  },
  [EventType.CODES_RETURNED]: {
    type: EventType.CODES_RETURNED,
    version: 1,
    owner: 'traceability',
    description: 'Serial codes came back to a warehouse with a return.',
  },
  [EventType.PRODUCT_CHANGED]: {
    type: EventType.PRODUCT_CHANGED,
    version: 1,
    owner: 'products',
    description:
      'A product was created, edited, retired or had its images changed; the payload is the product after it.',
  },
  [EventType.CATEGORY_CHANGED]: {
    type: EventType.CATEGORY_CHANGED,
    version: 1,
    owner: 'products',
    description: 'A category was created, renamed or moved (with its whole subtree).',
  },
  [EventType.BRAND_CHANGED]: {
    type: EventType.BRAND_CHANGED,
    version: 1,
    owner: 'products',
    description: 'A brand was created or edited.',
  },
  [EventType.WAREHOUSE_CHANGED]: {
    type: EventType.WAREHOUSE_CHANGED,
    version: 1,
    owner: 'inventory',
    description: 'A warehouse was opened, edited, deactivated or reactivated.',
  },
  [EventType.STOCK_IMPORT_COMPLETED]: {
    type: EventType.STOCK_IMPORT_COMPLETED,
    version: 1,
    owner: 'inventory',
    description: 'A safety-stock CSV import finished applying its lines.',
  },
  [EventType.DEALER_APPLICATION_CHANGED]: {
    type: EventType.DEALER_APPLICATION_CHANGED,
    version: 1,
    owner: 'dealers',
    description: 'A dealer application was submitted, reviewed by the region, approved or rejected.',
  },
  [EventType.DEALER_ADMITTED]: {
    type: EventType.DEALER_ADMITTED,
    version: 1,
    owner: 'dealers',
    description:
      'HQ admitted an applicant: the dealer exists; finance opens its credit account, inventory its warehouse.',
  },
  [EventType.DEALER_CHANGED]: {
    type: EventType.DEALER_CHANGED,
    version: 1,
    owner: 'dealers',
    description:
      "A dealer's status, grade, parent, qualifications or profile changed; the payload says whether it may order.",
  },
  [EventType.QUALIFICATION_CHANGED]: {
    type: EventType.QUALIFICATION_CHANGED,
    version: 1,
    owner: 'dealers',
    description: 'A qualification was renewed, reviewed or superseded.',
  },
  [EventType.QUALIFICATION_EXPIRING]: {
    type: EventType.QUALIFICATION_EXPIRING,
    version: 1,
    owner: 'dealers',
    description: 'A qualification expires within 30 or 7 days, or has expired.',
  },
  [EventType.REGION_CHANGED]: {
    type: EventType.REGION_CHANGED,
    version: 1,
    owner: 'dealers',
    description: 'A sales region was created, renamed or moved.',
  },
  [EventType.GRADE_PROPOSALS_READY]: {
    type: EventType.GRADE_PROPOSALS_READY,
    version: 1,
    owner: 'dealers',
    description: 'The monthly grade evaluation finished; HQ has proposals to decide.',
  },
  [EventType.USER_CHANGED]: {
    type: EventType.USER_CHANGED,
    version: 1,
    owner: 'dealers',
    description: 'A user was invited, accepted its invitation, had its role changed or its password reset.',
  },
  [EventType.CREDIT_LIMIT_CHANGE_REQUESTED]: {
    type: EventType.CREDIT_LIMIT_CHANGE_REQUESTED,
    version: 1,
    owner: 'finance',
    description: 'A credit-limit increase above the threshold awaits a second approver.',
  },
  [EventType.CREDIT_LIMIT_CHANGED]: {
    type: EventType.CREDIT_LIMIT_CHANGED,
    version: 1,
    owner: 'finance',
    description: "A credit account's limit or term days changed (applied directly or after approval).",
  },
  [EventType.SUB_DEALER_PRICE_CHANGED]: {
    type: EventType.SUB_DEALER_PRICE_CHANGED,
    version: 1,
    owner: 'pricing',
    description: 'A parent dealer set or removed a price on its list for its sub-dealers.',
  },
  [EventType.REBATE_POLICY_CHANGED]: {
    type: EventType.REBATE_POLICY_CHANGED,
    version: 1,
    owner: 'finance',
    description: 'A rebate policy was created, edited, activated or closed, or its targets or awards changed.',
  },
  [EventType.REBATE_PROGRESS_CHANGED]: {
    type: EventType.REBATE_PROGRESS_CHANGED,
    version: 1,
    owner: 'finance',
    description: "A dealer's accrual on a rebate policy moved (a shipment, payment or return counted).",
  },
  [EventType.REBATE_SETTLEMENT_CHANGED]: {
    type: EventType.REBATE_SETTLEMENT_CHANGED,
    version: 1,
    owner: 'finance',
    description: "A period's rebate settlement was proposed, approved (credit note or balance) or rejected.",
  },
  [EventType.REBATE_BALANCE_CHANGED]: {
    type: EventType.REBATE_BALANCE_CHANGED,
    version: 1,
    owner: 'finance',
    description: "A dealer's rebate balance moved: settled into it, held by an order, captured or released.",
  },
  [EventType.RETAIL_SOLD]: {
    type: EventType.RETAIL_SOLD,
    version: 1,
    owner: 'traceability',
    description: 'A serial-coded unit was scanned as sold to a consumer, with the retail price when entered.',
  },
  [EventType.PRICE_VIOLATION_RAISED]: {
    type: EventType.PRICE_VIOLATION_RAISED,
    version: 1,
    owner: 'pricing',
    description: 'A reported or scanned retail price fell below the minimum resale price (乱价).',
  },
  [EventType.RESALE_FLOOR_CHANGED]: {
    type: EventType.RESALE_FLOOR_CHANGED,
    version: 1,
    owner: 'pricing',
    description: 'A minimum resale price for a product in a region was set or removed.',
  },
  // Raised by whichever subgraph runs the export (kit export-job.ts); the payload names it (`owner`).
  [EventType.EXPORT_PROGRESSED]: {
    type: EventType.EXPORT_PROGRESSED,
    version: 1,
    owner: 'platform',
    description: 'A report export started, wrote a chunk of rows, finished or failed.',
  },
};

/** True when `type` is in the catalog. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOG, type);
}
