import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Finance's copy of what rebate eligibility needs to know about a dealer (the dealers subgraph owns
 * it): grade, level, region path, parent and status. Kept by `finance:rebate-profiles` from
 * `dealers.dealer_changed`, read through from the dealers subgraph on a miss. Dealer events carry no
 * row version, so `sourceVersion` is the change's commit instant in epoch milliseconds (a
 * read-through stamps the instant it read).
 */
@Entity({ tableName: 'dealer_profile' })
export class DealerProfile {
  @PrimaryKey({ type: 'string', length: 40 })
  dealerId!: string;

  /** Pricing grade (A, B, C …), as the dealers subgraph last said. */
  @Property({ type: 'string', length: 16 })
  grade!: string;

  /** Tier in the distribution network. */
  @Property({ type: 'string', length: 24 })
  level!: string;

  /** Home region's materialized path ("/reg_cn/reg_east/"). */
  @Property({ type: 'string', length: 400 })
  @Index()
  regionPath!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  parentId: string | null = null;

  @Property({ type: 'string', length: 24 })
  status!: string;

  /** Epoch milliseconds of the change this copy reflects; an older change is ignored. */
  @Property({ type: new BigIntType('number'), default: 0 })
  sourceVersion: Opt<number> = 0;

  @Property({ type: 'datetime', nullable: true })
  updatedAt: Date | null = null;
}

/**
 * Finance's copy of what a rebate policy's product scope needs to know about a product (the products
 * subgraph owns it). Kept by `finance:rebate-profiles` from `products.product_changed` (by the
 * product's version) and `category_changed` moves; read through from the products subgraph on a miss.
 */
@Entity({ tableName: 'product_profile' })
export class ProductProfile {
  @PrimaryKey({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 32 })
  sku!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  brandId!: string;

  /** Materialized category path from the root ("/cat_dairy/cat_mlk/"). */
  @Property({ type: 'string', length: 400 })
  @Index()
  categoryPath!: string;

  /** The products row version this copy reflects. */
  @Property({ type: 'integer', default: 0 })
  sourceVersion: Opt<number> = 0;

  @Property({ type: 'datetime', nullable: true })
  updatedAt: Date | null = null;
}

/** Region ids from the root down, read from a materialized path. */
export function regionIdsOf(path: string): string[] {
  return path.split('/').filter(Boolean);
}
