import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ExpiryStatus } from '../entities/lot.entity.js';
import { AdjustmentReason } from '../entities/stock-movement.entity.js';

/** What HQ does with quarantined units (待检/隔离) through adjustStock. */
export enum QuarantineAction {
  RELEASE = 'RELEASE',
  WRITE_OFF = 'WRITE_OFF',
}
registerEnumType(QuarantineAction, {
  name: 'QuarantineAction',
  description: 'What HQ does with quarantined units after inspection.',
  valuesConfig: {
    RELEASE: { description: 'The units pass inspection: sellable again, on hand unchanged.' },
    WRITE_OFF: { description: 'The units are written off: they leave on hand (recorded as DAMAGE).' },
  },
});

/** Orders a stock level list can be sorted in. */
export enum StockLevelSort {
  PRODUCT_ASC = 'PRODUCT_ASC',
  ON_HAND_ASC = 'ON_HAND_ASC',
  ON_HAND_DESC = 'ON_HAND_DESC',
  RECENTLY_UPDATED = 'RECENTLY_UPDATED',
}
registerEnumType(StockLevelSort, {
  name: 'StockLevelSort',
  description: 'Orders a stock level list can be sorted in; ties are broken by id.',
  valuesConfig: {
    PRODUCT_ASC: { description: 'By product id (the default).' },
    ON_HAND_ASC: { description: 'Lowest on-hand quantity first.' },
    ON_HAND_DESC: { description: 'Highest on-hand quantity first.' },
    RECENTLY_UPDATED: { description: 'Most recently changed first.' },
  },
});

@InputType({ description: 'Narrows a stock level list. All given conditions must hold.' })
export class StockLevelFilter {
  @Field(() => ID, {
    nullable: true,
    description: "Only this warehouse; NOT_FOUND when it is outside the viewer's scope.",
  })
  warehouseId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only this product.' })
  productId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True: only levels whose available quantity is below safety stock; false: only the others.',
  })
  belowSafetyStock?: boolean | null;
}

@InputType({ description: 'Narrows the stock levels of one warehouse.' })
export class WarehouseStockLevelFilter {
  @Field(() => ID, { nullable: true, description: 'Only this product.' })
  productId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True: only levels whose available quantity is below safety stock; false: only the others.',
  })
  belowSafetyStock?: boolean | null;
}

@InputType({ description: 'Narrows a lot list. All given conditions must hold.' })
export class LotFilter {
  @Field(() => ID, { nullable: true, description: 'Only lots of this product.' })
  productId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Only lots in this warehouse; NOT_FOUND when it is outside the viewer's scope.",
  })
  warehouseId?: string | null;

  @Field(() => ExpiryStatus, { nullable: true, description: 'Only lots in this expiry warning level.' })
  expiryStatus?: ExpiryStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'Also list used-up lots (quantity 0); default false.' })
  includeEmpty?: boolean | null;
}

@InputType({ description: 'Narrows the stock ledger. All given conditions must hold.' })
export class StockMovementFilter {
  @Field(() => ID, {
    nullable: true,
    description: "Only movements of this warehouse; NOT_FOUND when it is outside the viewer's scope.",
  })
  warehouseId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only movements of this product.' })
  productId?: string | null;
}

@InputType({ description: 'A manual stock change by HQ: receipt, correction, write-off.' })
export class AdjustStockInput {
  @Field(() => ID, { description: 'Warehouse whose stock changes.' })
  warehouseId!: string;

  @Field(() => ID, { description: 'Product whose stock changes.' })
  productId!: string;

  @Field(() => Int, {
    description:
      'Change of the on-hand quantity: positive adds, negative removes; not 0, at most 1,000,000 either way.',
  })
  delta!: number;

  @Field(() => AdjustmentReason, { nullable: true, description: 'Why the stock changes (default ADJUSTMENT).' })
  reason?: AdjustmentReason | null;

  @Field(() => String, { nullable: true, description: 'Free-text note kept in the ledger; at most 500 characters.' })
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Lot (batch) number the units belong to. A new lot needs expiresAt; without a lot number, removals ' +
      'take the lots that expire first.',
  })
  lotNumber?: string | null;

  @Field(() => Date, { nullable: true, description: 'Expiry date of a new lot; only with lotNumber.' })
  expiresAt?: Date | null;

  @Field(() => QuarantineAction, {
    nullable: true,
    description:
      'Acts on quarantined units instead: delta is minus the units released or written off (no reason); with a ' +
      'lot number from that lot, else from the lots that expire first. QUARANTINE_INSUFFICIENT when fewer are held.',
  })
  quarantine?: QuarantineAction | null;
}
