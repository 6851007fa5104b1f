import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** Where a return request came from. */
export enum ReturnSource {
  DEALER = 'DEALER',
  RECEIPT_DISCREPANCY = 'RECEIPT_DISCREPANCY',
}
registerEnumType(ReturnSource, {
  name: 'ReturnSource',
  description: 'Where a return request came from.',
  valuesConfig: {
    DEALER: { description: 'The dealer asked to return delivered goods (退货).' },
    RECEIPT_DISCREPANCY: { description: 'A receipt with short or damaged units opened it as a claim (签收差异).' },
  },
});

/** Why goods go back. */
export enum ReturnReason {
  DAMAGED = 'DAMAGED',
  SHORT_DELIVERED = 'SHORT_DELIVERED',
  QUALITY = 'QUALITY',
  WRONG_ITEM = 'WRONG_ITEM',
  NEAR_EXPIRY = 'NEAR_EXPIRY',
  OTHER = 'OTHER',
}
registerEnumType(ReturnReason, {
  name: 'ReturnReason',
  description: 'Why goods go back to the brand.',
  valuesConfig: {
    DAMAGED: { description: 'Arrived or found damaged (破损).' },
    SHORT_DELIVERED: { description: 'Fewer units arrived than shipped (少发).' },
    QUALITY: { description: 'A quality problem (质量问题).' },
    WRONG_ITEM: { description: 'Not the product ordered (错发).' },
    NEAR_EXPIRY: { description: 'Too close to its expiry date to sell (临期).' },
    OTHER: { description: 'Anything else; the comment says what.' },
  },
});

/** Where a return request stands (docs/design/order-to-cash.md §4.2). */
export enum ReturnStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  RECEIVED = 'RECEIVED',
  CREDITED = 'CREDITED',
}
registerEnumType(ReturnStatus, {
  name: 'ReturnStatus',
  description: 'Where a return request stands.',
  valuesConfig: {
    REQUESTED: { description: 'Waiting for HQ to review it.' },
    APPROVED: { description: 'Accepted; the goods are expected in the target warehouse.' },
    REJECTED: { description: 'Refused by HQ; the units count as the dealer’s again. Final.' },
    RECEIVED: { description: 'The goods arrived in the target warehouse; the credit note is being issued.' },
    CREDITED: { description: 'A credit note reduced the dealer’s receivable. Final.' },
  },
});

/** Statuses in which a return still counts against a shipment line's returnable units. */
export const LIVE_RETURN_STATUSES: readonly ReturnStatus[] = [
  ReturnStatus.REQUESTED,
  ReturnStatus.APPROVED,
  ReturnStatus.RECEIVED,
  ReturnStatus.CREDITED,
];

@Entity({ tableName: 'return_request' })
@Unique({ properties: ['dealerId', 'idempotencyKey'] })
@Index({ properties: ['status', 'requestedAt', 'id'] })
@Index({ properties: ['dealerId', 'requestedAt'] })
@ObjectType({ description: 'A dealer’s return of delivered goods, or a receipt’s discrepancy claim (退货/索赔).' })
@Directive('@key(fields: "id")')
export class ReturnRequest {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable return id ("ret_…").' })
  id!: string;

  @Property({ type: 'string', length: 20, unique: true })
  @Field(() => String, {
    description:
      'Human-readable number: "RT", the business day (yyyymmdd) and a daily sequence, e.g. "RT202612070001".',
  })
  number!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  orderId!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  /** The order's dealer region path (a copy: region managers' scope). */
  @Property({ type: 'string', length: 400 })
  dealerRegionPath!: string;

  @Enum({ items: () => ReturnSource, nativeEnumName: undefined })
  @Field(() => ReturnSource, { description: 'Where the request came from.' })
  source!: ReturnSource;

  @Enum({ items: () => ReturnReason, nativeEnumName: undefined })
  @Field(() => ReturnReason, { description: 'Why the goods go back.' })
  reason!: ReturnReason;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'What the dealer wrote.' })
  comment!: string | null;

  @Enum({ items: () => ReturnStatus, nativeEnumName: undefined })
  @Field(() => ReturnStatus, { description: 'Current status.' })
  status!: ReturnStatus;

  /** Bumped by every change (the guard of review and receipt). */
  @Property({ type: 'integer', default: 0 })
  version!: number;

  /** Client-chosen key: asking twice with it answers the first request; unique per dealer. */
  @Property({ type: 'string', length: 80 })
  idempotencyKey!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  requestedByUserId!: string | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When it was requested.' })
  requestedAt!: Date;

  @Property({ type: 'string', length: 40, nullable: true })
  reviewedByUserId!: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When HQ approved or rejected it; null before.' })
  reviewedAt!: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'What HQ wrote with its decision.' })
  reviewComment!: string | null;

  /** The HQ or regional warehouse the goods come back to (set on approval). */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  warehouseId!: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the goods arrived in the target warehouse; null before.' })
  receivedAt!: Date | null;

  @Property({ type: 'string', length: 40, nullable: true })
  receivedByUserId!: string | null;

  /** The credit note finance issued for it. */
  @Property({ type: 'string', length: 40, nullable: true })
  creditNoteId!: string | null;

  /** Gross value credited, in minor units (Σ of the lines), fixed when the credit task is written. */
  @Property({ type: 'integer', nullable: true })
  creditedGrossMinor!: number | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the credit note was issued; null before.' })
  creditedAt!: Date | null;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
