import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Order } from '../entities/order.entity.js';

@ObjectType({
  description:
    'An expected failure of an order operation (validation, eligibility, stock, credit, review), in ' +
    'SCREAMING_SNAKE_CASE.',
})
export class OrderError {
  @Field(() => String, {
    description:
      'Stable code: BAD_USER_INPUT, UNKNOWN_PRODUCT, WAREHOUSE_NOT_ALLOWED, IDEMPOTENCY_KEY_REUSED, ' +
      'DEALER_NOT_ACTIVE (suspended, terminated or not admitted; the message says since when and why), ' +
      'QUALIFICATION_EXPIRED (a required licence of the dealer expired without an approved renewal), ' +
      'PRODUCT_DISCONTINUED, REGION_NOT_AUTHORIZED, PRICE_NOT_FOUND, INSUFFICIENT_STOCK, ' +
      'CREDIT_LIMIT_EXCEEDED, OVERDUE_RECEIVABLES, SAGA_DEADLINE_EXCEEDED, INVALID_TRANSITION, REJECTED_IN_REVIEW; ' +
      'buying from the parent (seller PARENT): NO_PARENT_DEALER, SELLER_NOT_ACTIVE, SELLER_HAS_NO_WAREHOUSE, ' +
      'NO_CREDIT_LINE, PRICE_BELOW_FLOOR; ' +
      'shipShipment and confirmReceipt add the codes their payloads list.',
  })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation.' })
  message!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Input field concerned, e.g. "lines[2].quantity"; null when it concerns the whole order.',
  })
  field?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Index (from 0) of the input line concerned; null when not about one line.',
  })
  lineIndex?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Product concerned (e.g. the one out of stock); null when not about one product.',
  })
  productId?: string | null;
}

@ObjectType({
  description:
    'Result of placeOrder: the order (APPROVED, PENDING_REVIEW or REJECTED; PLACING while a failure is being ' +
    'retried) and the reasons it failed.',
})
export class PlaceOrderPayload {
  @Field(() => Order, {
    nullable: true,
    description:
      'The order; null when the input was refused before anything was written (validation, unknown products, ' +
      'reused key).',
  })
  order!: Order | null;

  @Field(() => [OrderError], { description: 'Why the input was refused or the order REJECTED; empty on success.' })
  errors!: OrderError[];
}

@ObjectType({ description: 'Result of reviewOrder: the order after the decision, or why it could not be taken.' })
export class ReviewOrderPayload {
  @Field(() => Order, { nullable: true, description: 'The order as it stands now; null when the input was refused.' })
  order!: Order | null;

  @Field(() => [OrderError], {
    description:
      'INVALID_TRANSITION when the order is not PENDING_REVIEW, BAD_USER_INPUT for a long comment; empty on success.',
  })
  errors!: OrderError[];
}

@ObjectType({ description: 'Result of cancelOrder: the cancelled order, or why it could not be cancelled.' })
export class CancelOrderPayload {
  @Field(() => Order, { nullable: true, description: 'The order as it stands now; null when the input was refused.' })
  order!: Order | null;

  @Field(() => [OrderError], {
    description:
      'INVALID_TRANSITION when the order is not PENDING_REVIEW, APPROVED or PARTIALLY_SHIPPED (or nothing is ' +
      'left to cancel because the rest shipped meanwhile), ' +
      'BAD_USER_INPUT for a long reason; empty on success.',
  })
  errors!: OrderError[];
}

@ObjectType({ description: 'One line recognised by parseOrderLines, ready for placeOrder.' })
export class ParsedOrderLine {
  @Field(() => String, { description: 'The SKU, upper-cased.' })
  sku!: string;

  @Field(() => Int, { description: 'Quantity (duplicate rows of the SKU summed).' })
  quantity!: number;

  @Field(() => ID, { description: 'The product the SKU names.' })
  productId!: string;

  @Field(() => String, { description: 'Its Chinese name.' })
  productName!: string;

  @Field(() => Int, { description: 'Row (from 1) of the pasted text the line was first seen on.' })
  row!: number;
}

@ObjectType({ description: 'A problem with one row of the pasted text.' })
export class ParseRowError {
  @Field(() => Int, { description: 'Row of the pasted text, from 1.' })
  row!: number;

  @Field(() => String, {
    description:
      'MALFORMED_ROW, UNKNOWN_SKU, BAD_QUANTITY (row skipped) or DUPLICATE_SKU (a warning: merged into the ' +
      'first row of the SKU).',
  })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation.' })
  message!: string;
}

@ObjectType({ description: 'Result of parseOrderLines: the recognised lines and the row problems; nothing is placed.' })
export class ParsedOrderLines {
  @Field(() => [ParsedOrderLine], { description: 'Recognised lines, one per SKU, in order of first appearance.' })
  lines!: ParsedOrderLine[];

  @Field(() => [ParseRowError], { description: 'Rejected rows and merge warnings, by row.' })
  errors!: ParseRowError[];
}
