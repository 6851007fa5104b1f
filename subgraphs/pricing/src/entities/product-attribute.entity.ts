import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Local read model of the products subgraph's catalogue: what promotions need to know about a
 * product (its category path and brand). Pricing does not own categories or brands; it keeps
 * this copy so a quote can match "all dairy" or "brand Jiahe" without a cross-service call.
 * The demo seed fills it from `demoCatalog()`; the products subgraph's `products.product_changed`
 * events keep it current, and a product it misses is read through from the products subgraph
 * (`product-attribute-source.ts`).
 */
@Entity({ tableName: 'product_attributes' })
export class ProductAttribute {
  @PrimaryKey({ type: 'string', length: 40 })
  productId!: string;

  /** Materialized category path from the root, e.g. "/cat_dairy/cat_mlk/" (as the products subgraph builds it). */
  @Property({ type: 'string', length: 400 })
  @Index()
  categoryPath!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  brandId!: string;

  /** The product's SKU; null on rows the demo seed wrote before the column existed. */
  @Property({ type: 'string', length: 32, nullable: true })
  sku: string | null = null;

  /** ACTIVE or DISCONTINUED, as the products subgraph last said. */
  @Property({ type: 'string', length: 16, default: 'ACTIVE' })
  status: Opt<string> = 'ACTIVE';

  /** The products row version this copy reflects (0: seeded); an event with an older version is ignored. */
  @Property({ type: 'integer', default: 0 })
  sourceVersion: Opt<number> = 0;

  /** When this copy last changed; null on seeded rows. */
  @Property({ type: 'datetime', nullable: true })
  updatedAt: Date | null = null;
}
