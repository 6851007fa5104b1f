import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Where an order stands in its life cycle. */
export enum OrderStatus {
  PLACING = 'PLACING',
  PENDING_REVIEW = 'PENDING_REVIEW',
  APPROVED = 'APPROVED',
  PARTIALLY_SHIPPED = 'PARTIALLY_SHIPPED',
  REJECTED = 'REJECTED',
  CANCELLED = 'CANCELLED',
  SHIPPED = 'SHIPPED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where an order stands in its life cycle (审单 → 发货 → 签收).',
  valuesConfig: {
    PLACING: {
      description:
        'Transient (normally under a second): the placement saga is checking eligibility, pricing, reserving ' +
        'stock and holding credit. Ends APPROVED, PENDING_REVIEW or REJECTED; a crashed placement is resumed ' +
        'or compensated automatically.',
    },
    PENDING_REVIEW: { description: 'Placed; waits for a manager because automatic review could not decide.' },
    APPROVED: { description: 'Accepted: stock is reserved and credit held; shipments are being prepared.' },
    PARTIALLY_SHIPPED: {
      description: 'Some shipments (or parts of them) have left; the rest is still being picked.',
    },
    REJECTED: { description: 'Refused in review (stock, credit or region authorization); final.' },
    CANCELLED: { description: 'Withdrawn by the dealer or HQ before shipping; final.' },
    SHIPPED: { description: 'Everything left its warehouses (or the rest was cancelled); not all delivered yet.' },
    COMPLETED: { description: 'Every shipped part was delivered and confirmed; final.' },
  },
});

/**
 * The allowed status changes. Mutations (review, cancel, ship, confirm) check this table, so
 * an order can never jump, for example, from REJECTED back to APPROVED.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  [OrderStatus.PLACING]: [OrderStatus.APPROVED, OrderStatus.PENDING_REVIEW, OrderStatus.REJECTED],
  [OrderStatus.PENDING_REVIEW]: [OrderStatus.APPROVED, OrderStatus.REJECTED, OrderStatus.CANCELLED],
  [OrderStatus.APPROVED]: [OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.CANCELLED],
  [OrderStatus.PARTIALLY_SHIPPED]: [OrderStatus.SHIPPED, OrderStatus.COMPLETED],
  [OrderStatus.SHIPPED]: [OrderStatus.COMPLETED],
  [OrderStatus.REJECTED]: [],
  [OrderStatus.CANCELLED]: [],
  [OrderStatus.COMPLETED]: [],
};

/** True when an order in `from` may move to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Statuses whose orders do not count as sales (dashboards and dealer statistics skip them). */
export const NON_SALE_STATUSES: readonly OrderStatus[] = [
  OrderStatus.CANCELLED,
  OrderStatus.REJECTED,
  OrderStatus.PLACING,
];

/** Statuses in which an order holds a stock reservation and a credit hold (placed, not everything shipped). */
export const LIVE_STATUSES: readonly OrderStatus[] = [
  OrderStatus.PENDING_REVIEW,
  OrderStatus.APPROVED,
  OrderStatus.PARTIALLY_SHIPPED,
];

// "order" is a reserved word in SQL, hence the table name.
@Entity({ tableName: 'sales_order' })
@Unique({ properties: ['dealerId', 'idempotencyKey'] })
@Index({ properties: ['placedAt', 'id'] })
@Index({ properties: ['totalMinor', 'id'] })
@Index({ properties: ['dealerId', 'placedAt'] })
@Index({ properties: ['sellerDealerId', 'status', 'placedAt'] })
@ObjectType({ description: 'A purchase order a dealer placed with the brand (订单).' })
@Directive('@key(fields: "id")')
export class Order {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable order id ("ord_…").' })
  id!: string;

  @Property({ type: 'string', length: 20, unique: true })
  @Field(() => String, {
    description:
      'Human-readable order number: "SO", the placing date (yyyymmdd) and a daily sequence, e.g. "SO202611210001".',
  })
  orderNumber!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  dealerId!: string;

  /** The dealer's home region when the order was placed. */
  @Property({ type: 'string', length: 40 })
  dealerRegionId!: string;

  /**
   * Materialized region path of the dealer ("/reg_cn/reg_east/reg_js/reg_js_nj/"): a manager's scope is
   * one LIKE prefix.
   */
  @Property({ type: 'string', length: 400 })
  @Index()
  dealerRegionPath!: string;

  @Enum({ items: () => OrderStatus, nativeEnumName: undefined })
  @Index()
  @Field(() => OrderStatus, { description: 'Current status.' })
  status!: OrderStatus;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  /** Sum of the line subtotals (unit price × quantity, before promotions; gifts count 0), in minor units. */
  @Property({ type: 'integer' })
  subtotalMinor!: number;

  /** Promotion discount, in minor units (never negative): the sum of the line discounts. */
  @Property({ type: 'integer' })
  discountMinor!: number;

  /** subtotal − discount = the sum of the line totals = the quote's total, in minor units. */
  @Property({ type: 'integer' })
  totalMinor!: number;

  /**
   * The part of the total the dealer pays with its rebate balance (placeOrder's rebateAmount, held by
   * finance at REBATE_HELD; credit holds the rest), in minor units; 0 when none.
   */
  @Property({ type: 'integer', default: 0 })
  rebateMinor: Opt<number> = 0;

  @Property({ type: 'integer' })
  @Field(() => Int, {
    description:
      'Total number of units across all lines, free gift units included (they are reserved and shipped too).',
  })
  itemCount!: number;

  /** JSON list of `OrderPromotionData`: the promotions the quote applied; null when none (and for seeded history). */
  @Property({ type: 'text', nullable: true })
  appliedPromotions!: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Free-text note the dealer left on the order.' })
  note!: string | null;

  @Property({ type: 'string', length: 40 })
  placedByUserId!: string;

  /** Client-chosen key that makes placing the same order twice a no-op; unique per dealer. */
  @Property({ type: 'string', length: 80, nullable: true })
  idempotencyKey!: string | null;

  /** Warehouse of the dealer's own the goods go to; null for the dealer's default address. */
  @Property({ type: 'string', length: 40, nullable: true })
  deliveryWarehouseId!: string | null;

  /** JSON list of `OrderErrorData`: why the order was rejected; null unless REJECTED by the saga. */
  @Property({ type: 'text', nullable: true })
  rejectionReasons!: string | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the order was placed.' })
  placedAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the order last changed (status, shipments).' })
  updatedAt!: Date;

  /** When the order was approved (its shipments made); null before, and for legacy rows. */
  @Property({ type: 'datetime', nullable: true })
  approvedAt!: Date | null;

  /** When its first part shipped; null before. */
  @Property({ type: 'datetime', nullable: true })
  firstShippedAt!: Date | null;

  /** The dealer that sells (a sub-dealer's order to its parent, two-tier); null when the brand sells. */
  @Property({ type: 'string', length: 40, nullable: true })
  sellerDealerId!: string | null;

  /** The seller's level when the order was placed (the distribution flow report); null for the brand. */
  @Property({ type: 'string', length: 20, nullable: true })
  sellerLevel!: string | null;

  /** The buyer's level when the order was placed (the distribution flow report); null when unknown. */
  @Property({ type: 'string', length: 20, nullable: true })
  dealerLevel!: string | null;

  /** When it became COMPLETED; null before. */
  @Property({ type: 'datetime', nullable: true })
  completedAt!: Date | null;
}
