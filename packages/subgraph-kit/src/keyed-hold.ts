import { UniqueConstraintViolationException, type EntityManager, type MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { z } from 'zod';
import { RequestContext } from './request-context.js';
import { ErrorCode } from './errors.js';
import { ServiceCallError, type ServiceClient } from './service-client.js';
import { domainError, type DomainError } from './user-error.js';
import { Role } from './viewer.js';

/**
 * The keyed-hold protocol shared by inventory's stock reservations, finance's credit holds and
 * pricing's promotion budget consumptions (docs/order-saga.md): something held for an order
 * under an idempotency key (the order id), one row per key ever (a unique index), released by
 * the saga's compensation.
 *
 * A release may overtake the hold it undoes (the hold's request was still queued in a frozen or
 * slow process when the saga gave up). A release of an unknown key therefore leaves a TOMBSTONE:
 * a RELEASED row with the key and no owner, which holds nothing. A later hold with that key hits
 * the unique index and is refused (`*_RELEASED`), nothing written. Release and hold never read
 * first and then write: each inserts under the unique key, so whichever commits first wins, on
 * SQLite and MariaDB alike (InnoDB makes the second insert wait for the first's commit).
 */

/** Idempotency keys of holds: 1–120 characters of letters, digits and `_ . : -`, starting with a letter or digit. */
export const HOLD_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,119}$/;
/** The message of a key that does not fit `HOLD_KEY_PATTERN`. */
export const HOLD_KEY_RULE = holdKeyRule('key');

/** True when `key` is a valid hold key (and at most `maxLength` characters, for a narrower column). */
export function isHoldKey(key: unknown, maxLength = 120): key is string {
  return typeof key === 'string' && key.length <= maxLength && HOLD_KEY_PATTERN.test(key);
}

/** The message of a key that does not fit `HOLD_KEY_PATTERN` within `maxLength` characters. */
export function holdKeyRule(field: string, maxLength = 120): string {
  return `${field} must be 1 to ${maxLength} characters: letters, digits and _ . : -, starting with a letter or digit`;
}

/** Dealer ids a hold may be made for ("dlr_" and 1–36 letters, digits or `_`). */
export const HOLD_DEALER_ID_PATTERN = /^dlr_[A-Za-z0-9_]{1,36}$/;

/**
 * The refusals of the part every hold request shares, its key and its dealer id, in that order
 * (BAD_USER_INPUT; empty when both are well formed). A service adds the checks of what it holds.
 */
export function holdRequestErrors(input: { key: string; dealerId: string }): DomainError[] {
  const errors: DomainError[] = [];
  if (!isHoldKey(input.key)) errors.push(domainError(ErrorCode.BAD_USER_INPUT, HOLD_KEY_RULE, 'key'));
  if (!HOLD_DEALER_ID_PATTERN.test(input.dealerId)) {
    errors.push(domainError(ErrorCode.BAD_USER_INPUT, `"${input.dealerId}" is not a dealer id`, 'dealerId'));
  }
  return errors;
}

/** Refusal codes of the keyed-hold protocol. */
export const KeyedHoldCode = {
  /** The key was used before for a different request. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** The reservation under the key was released (or the key released before any was made). */
  RESERVATION_RELEASED: 'RESERVATION_RELEASED',
  /** The credit hold under the key was released (or the key released before any was made). */
  CREDIT_HOLD_RELEASED: 'CREDIT_HOLD_RELEASED',
  /** The promotion budget consumption under the key was released (or the key released before any was made). */
  PROMOTION_BUDGET_RELEASED: 'PROMOTION_BUDGET_RELEASED',
} as const;

/** The owner id a tombstone carries instead of a dealer id: it holds nothing for anyone. */
export const TOMBSTONE_OWNER = '';

/** True when a hold row is a tombstone (a key released before anything was held under it). */
export function isTombstone(row: { dealerId: string }): boolean {
  return row.dealerId === TOMBSTONE_OWNER;
}

/** The message of a hold refused because its key was released first. */
export function releasedKeyMessage(what: string, key: string): string {
  return `The ${what} under key "${key}" was released (its order gave up on it); nothing was held`;
}

/** How often a release re-reads after its tombstone lost to a hold made meanwhile. */
const MAX_TOMBSTONE_ATTEMPTS = 5;

/**
 * Releases `key`: `release` moves a live row (returning the row as it is afterwards, or null for
 * an unknown key); for an unknown key `tombstone` inserts the tombstone (in its own transaction,
 * with its audit entry). When that insert hits the unique index, a hold with the key was made
 * meanwhile (it committed while the tombstone waited for it): release again. Returns the row
 * released (or found), or null when a tombstone now stands for the key.
 */
export async function releaseOrTombstone<T>(
  key: string,
  release: () => Promise<T | null>,
  tombstone: () => Promise<void>,
): Promise<T | null> {
  for (let attempt = 0; ; attempt++) {
    const row = await release();
    if (row) return row;
    try {
      await tombstone();
      return null;
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException) || attempt + 1 >= MAX_TOMBSTONE_ATTEMPTS) throw err;
    }
  }
}

/** Settings of the reconciler, the same in every subgraph that holds by key (config.ts extends its schema with it). */
export const reconcileConfigShape = {
  /** How often live holds are checked against their orders, 1 s to 1 h. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** A live hold whose key orders does not know is released once it is this old (past the saga deadline). */
  RECONCILE_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(900),
  /** Most live holds one run checks (it continues where it stopped next time). */
  RECONCILE_BATCH: z.coerce.number().int().min(1).max(1000).default(200),
};

/** A live (ACTIVE / HELD) hold as the reconciler pages through them, oldest first. */
export interface LiveHold {
  id: string;
  key: string;
  createdAt: Date;
}

/** Where the reconciler finds and releases a subgraph's live holds. */
export interface LiveHoldStore {
  /** Live holds after `after` in (createdAt, id) order, at most `limit`. */
  live(after: LiveHold | null, limit: number): Promise<LiveHold[]>;
  /** Releases the hold under `key` as the saga's compensation would (idempotent); true when it gave something back. */
  release(key: string): Promise<boolean>;
}

/** Order statuses that hold nothing any more: their compensation must have released everything. */
export const FINISHED_ORDER_STATUSES: ReadonlySet<string> = new Set(['REJECTED', 'CANCELLED']);

/**
 * Order statuses whose holds keep only what was never shipped: once such an order is settled (no
 * SHIP task of it pending: `Order.fulfilmentSettled`), the remainder of its reservation or credit
 * hold is released (docs/design/order-to-cash.md §5, "Reconciler").
 */
export const SETTLED_ORDER_STATUSES: ReadonlySet<string> = new Set(['SHIPPED', 'COMPLETED']);

/** What the reconciler learns of an order: its status and, for shipped orders, whether fulfilment settled. */
export interface OrderHoldState {
  status: string;
  /** No SHIP task of the order is pending (absent when orders did not say: treated as unsettled). */
  fulfilmentSettled?: boolean;
}

/**
 * Asks orders (as the service identity) for the orders with these ids; unknown ids are missing. A
 * bare status string is accepted too (an order with no settlement information).
 */
export type OrderStatusLookup = (ids: readonly string[]) => Promise<Map<string, string | OrderHoldState>>;

/** The order lookup over an orders `ServiceClient` (`_entities` Order { id status fulfilmentSettled }). */
export function orderStatusLookup(orders: () => ServiceClient): OrderStatusLookup {
  // An empty list still asks orders (`_entities` of nothing): the reconciler asks so only while orders
  // is down and it has no hold to check, to see orders answer again and close the outage.
  return async (ids) => {
    type Row = { id: string; status: string; fulfilmentSettled?: boolean | null };
    const data = await orders().request<{ _entities: (Row | null)[] }>(
      'query ReconcileOrders($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id status ' +
        'fulfilmentSettled } } }',
      { r: ids.map((id) => ({ __typename: 'Order', id })) },
    );
    return new Map(
      data._entities
        .filter((o): o is Row => o != null)
        .map((o) => [o.id, { status: o.status, fulfilmentSettled: o.fulfilmentSettled ?? false }]),
    );
  };
}

/**
 * True when a live hold of an order in `state` is to be released: the order is finished (REJECTED,
 * CANCELLED), or, where the holds keep remainders (`settled`), shipped or completed and settled.
 */
export function holdOutlivedOrder(state: string | OrderHoldState | undefined, settled: boolean): boolean {
  if (state === undefined) return false;
  const { status, fulfilmentSettled } = typeof state === 'string' ? { status: state, fulfilmentSettled: false } : state;
  if (FINISHED_ORDER_STATUSES.has(status)) return true;
  return settled && SETTLED_ORDER_STATUSES.has(status) && fulfilmentSettled === true;
}

/** What one reconciler run did. */
export interface ReconcileReport {
  checked: number;
  released: number;
  /** True when the run reached the newest live hold (the next run starts from the oldest again). */
  wrapped: boolean;
}

/**
 * Finds live holds whose order is finished (REJECTED / CANCELLED) or, after the grace period,
 * unknown to orders, and releases them: the safety net under the saga's compensation. Each run
 * checks at most `batch` holds, continuing from where the last one stopped (so old holds of live
 * orders never starve newer ones), asks orders once for all of them, and releases one by one
 * through the ordinary, idempotent release. Counts are logged and kept in `totals`.
 *
 * While orders cannot be reached (a retryable service call failure), a run releases nothing and
 * checks the same page again next time; the outage is logged once (warn) when it begins and once
 * (warn) when orders answers again, not at every interval.
 */
export class LiveHoldReconciler {
  private cursor: LiveHold | null = null;
  /** When the current outage of orders began (null while orders answers). */
  private ordersDownSince: Date | null = null;
  /** Holds released since start-up (a metric for logs and tests); `skipped` counts runs lost to an outage of orders. */
  readonly totals = { runs: 0, checked: 0, released: 0, skipped: 0 };

  constructor(
    private readonly name: string,
    private readonly store: LiveHoldStore,
    private readonly statuses: OrderStatusLookup,
    private readonly settings: { batch: number; graceMs: number; releaseSettled?: boolean },
    private readonly log: Logger,
  ) {}

  /** One bounded pass. */
  async run(now: Date = new Date()): Promise<ReconcileReport> {
    const holds = await this.store.live(this.cursor, this.settings.batch);
    const wrapped = holds.length < this.settings.batch;
    if (!holds.length && !this.ordersDownSince) {
      // Nothing to check and no outage to close: orders is not asked.
      this.cursor = null;
      this.totals.runs++;
      return { checked: 0, released: 0, wrapped: true };
    }
    // With no hold to check during an outage orders is asked anyway: an outage left open while the
    // subgraph had no holds would swallow the warning of the next one.
    const statuses = await this.lookup(holds, now);
    if (!statuses) {
      // Orders is down: nothing can be decided; the same page is checked again next time.
      this.totals.runs++;
      this.totals.skipped++;
      return { checked: 0, released: 0, wrapped: false };
    }
    this.cursor = wrapped ? null : holds[holds.length - 1]!;
    let released = 0;
    for (const hold of holds) {
      const state = statuses.get(hold.key);
      const orphan = state === undefined && now.getTime() - hold.createdAt.getTime() >= this.settings.graceMs;
      if (!orphan && !holdOutlivedOrder(state, this.settings.releaseSettled === true)) continue;
      const status = typeof state === 'string' ? state : state?.status;
      if (await this.store.release(hold.key)) {
        released++;
        this.log.warn(
          { reconciler: this.name, key: hold.key, orderStatus: status ?? 'UNKNOWN' },
          'released a hold that outlived its order',
        );
      }
    }
    this.totals.runs++;
    this.totals.checked += holds.length;
    this.totals.released += released;
    if (released)
      this.log.info(
        { reconciler: this.name, checked: holds.length, released, totalReleased: this.totals.released },
        'reconciled live holds',
      );
    return { checked: holds.length, released, wrapped };
  }

  /**
   * The orders' statuses of `holds`, or null while orders cannot be reached (logged once per
   * outage). Other failures (a refusal, a bug) are thrown: the periodic runner logs them as errors.
   */
  private async lookup(holds: LiveHold[], now: Date): Promise<Map<string, string | OrderHoldState> | null> {
    let statuses: Map<string, string | OrderHoldState>;
    try {
      statuses = await this.statuses([...new Set(holds.map((h) => h.key))]);
    } catch (err) {
      if (!(err instanceof ServiceCallError && err.retryable)) throw err;
      if (!this.ordersDownSince) {
        this.ordersDownSince = now;
        const message = 'orders cannot be reached: live holds are not reconciled until it answers again';
        this.log.warn({ reconciler: this.name, err: err.message }, message);
      }
      return null;
    }
    if (this.ordersDownSince) {
      const seconds = Math.round((now.getTime() - this.ordersDownSince.getTime()) / 1000);
      // At the outage warning's level, so the pair shows in logs filtered to warnings.
      this.log.warn({ reconciler: this.name, downSeconds: seconds }, 'orders answers again: reconciling live holds');
      this.ordersDownSince = null;
    }
    return statuses;
  }
}

/** How one subgraph lists and releases its holds, for `serviceReconciler`. */
export interface ReconciledHolds<L extends object> {
  /** What the holds are, for logs ("credit holds"). */
  name: string;
  /** The service identity its releases act as (release is SERVICE only; audit entries name it). */
  actor: string;
  /** The subgraph's request loaders, for the context each release runs in. */
  createLoaders: (ctx: RequestContext<L>) => L;
  /** Live holds after `after` (oldest first), at most `limit`. */
  live: (em: EntityManager, after: LiveHold | null, limit: number) => Promise<LiveHold[]>;
  /** The subgraph's ordinary release; true when it released something now. */
  release: (ctx: RequestContext<L>, key: string) => Promise<boolean>;
  /**
   * True where the release gives back only the remainder (inventory's reservations, finance's credit
   * holds): holds of settled SHIPPED and COMPLETED orders are released too. Left out (pricing's
   * promotion budgets, consumed for good once the order is placed), only finished orders' are.
   */
  releaseSettled?: boolean;
}

/**
 * A subgraph's reconciler: `LiveHoldReconciler` over its holds, each release run through the
 * subgraph's own release as `holds.actor` (SERVICE) in a fresh request context, so it is
 * checked and audited exactly like the saga's compensation.
 */
export function serviceReconciler<L extends object>(
  orm: MikroORM,
  holds: ReconciledHolds<L>,
  orders: () => ServiceClient,
  settings: { batch: number; graceMs: number },
  log: Logger,
): LiveHoldReconciler {
  const actor = { userId: holds.actor, role: Role.SERVICE };
  let runs = 0;
  const context = () => new RequestContext<L>(actor, orm.em.fork(), log, `reconcile-${++runs}`, holds.createLoaders);
  const store: LiveHoldStore = {
    live: (after, limit) => holds.live(orm.em, after, limit),
    release: (key) => holds.release(context(), key),
  };
  return new LiveHoldReconciler(
    holds.name,
    store,
    orderStatusLookup(orders),
    { ...settings, releaseSettled: holds.releaseSettled === true },
    log,
  );
}
