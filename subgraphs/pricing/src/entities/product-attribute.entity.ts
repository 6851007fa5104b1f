import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Local read model of the products subgraph's catalogue: what promotions need to know about a
 * product (its category path and brand). Pricing does not own categories or brands; it keeps
 * this copy so a quote can match "all dairy" or "brand Jiahe" without a cross-service call.
 * The demo seed fills it from `demoCatalog()`; in production it is fed by the products
 * subgraph's `products.product-changed` events (later).
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
}
