import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';

/** A manager's decision on an order waiting for review. */
export enum ReviewDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}

registerEnumType(ReviewDecision, {
  name: 'ReviewDecision',
  description: "A manager's decision on an order waiting for review.",
  valuesConfig: {
    APPROVE: { description: 'Accept: the order becomes APPROVED and is split into shipments.' },
    REJECT: { description: 'Refuse: the reservation and credit hold are released and the order becomes REJECTED.' },
  },
});

/** Who sells an order: the brand, or the dealer's parent (two-tier distribution). */
export enum OrderSeller {
  BRAND = 'BRAND',
  PARENT = 'PARENT',
}

registerEnumType(OrderSeller, {
  name: 'OrderSeller',
  description: "Who sells an order: the brand, or the ordering dealer's parent dealer (two-tier distribution).",
  valuesConfig: {
    BRAND: { description: "The brand: its price lists, promotions, HQ and regional warehouses, the brand's credit." },
    PARENT: {
      description:
        "The dealer's parent: the parent's price list for its sub-dealers, its own warehouses, the credit line " +
        'it granted; its review rule decides review.',
    },
  },
});

@InputType({ description: 'One line of a new order: a product by SKU or by id (exactly one) and a quantity.' })
export class PlaceOrderLineInput {
  @Field(() => String, {
    nullable: true,
    description: 'SKU of the product, e.g. "JH-MLK-0001" (case-insensitive). Give this or productId.',
  })
  sku?: string | null;

  @Field(() => ID, { nullable: true, description: 'Id of the product. Give this or sku.' })
  productId?: string | null;

  @Field(() => Int, { description: 'Quantity in selling units, 1 to 100000.' })
  quantity!: number;
}

@InputType({ description: 'A new order: 1 to 200 lines and a client-chosen idempotency key.' })
export class PlaceOrderInput {
  @Field(() => [PlaceOrderLineInput], {
    description: 'The lines, 1 to 200; lines of the same product are allowed and reserved together.',
  })
  lines!: PlaceOrderLineInput[];

  @Field(() => String, {
    description:
      'Makes retries safe: 8 to 64 of A–Z a–z 0–9 _ -. The same key with the same lines returns the existing ' +
      'order; with other lines IDEMPOTENCY_KEY_REUSED.',
  })
  idempotencyKey!: string;

  @Field(() => String, { nullable: true, description: 'Note for the brand, at most 500 characters.' })
  note?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "One of the dealer's own (DEALER) warehouses to deliver to; WAREHOUSE_NOT_ALLOWED otherwise.",
  })
  deliveryWarehouseId?: string | null;

  @Field(() => OrderSeller, {
    nullable: true,
    defaultValue: OrderSeller.BRAND,
    description:
      "Who sells: BRAND (default) or PARENT, the dealer's parent dealer (NO_PARENT_DEALER, SELLER_NOT_ACTIVE, " +
      'SELLER_HAS_NO_WAREHOUSE, NO_CREDIT_LINE refuse it).',
  })
  seller?: OrderSeller | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Pay this much of the total with the rebate balance, a decimal amount ("120.50"); null or 0: none. Held by ' +
      'finance before credit (credit holds the rest): REBATE_OVER_BALANCE, REBATE_OVER_CAP (more than ' +
      'REBATE_MAX_ORDER_SHARE_BP of the total) reject the order; REBATE_NOT_ALLOWED (seller PARENT), ' +
      'AMOUNT_INVALID, AMOUNT_NOT_POSITIVE, AMOUNT_TOO_PRECISE, AMOUNT_TOO_LARGE refuse it with nothing written.',
  })
  rebateAmount?: string | null;
}
