/**
 * The event catalog: every domain event the platform raises, in one place. Producers
 * (`recordEvent`), consumers (the gateway's session revocation) and the gateway's subscription
 * fields name events only through `EventType`; `scripts/check-boundaries.mjs` fails on an event
 * type written as a bare string anywhere else. How a payload may change: docs/events.md
 * ("Evolving an event").
 */

/** Every event type, `<owning subgraph>.<event>`. */
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
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Why sessions ended (`dealers.session_revoked`, `dealers.user_sessions_revoked`). */
export const SessionRevokeReason = {
  LOGOUT: 'LOGOUT',
  USER_DISABLED: 'USER_DISABLED',
  /** A refresh token that had already been rotated was presented again (theft or replay). */
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',
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
};

/** True when `type` is in the catalog. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOG, type);
}
