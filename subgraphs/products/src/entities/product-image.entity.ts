import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/**
 * One image of a product: the original blob and its WebP variants (`variants`, comma-separated
 * widths) under `products/<productId>/<imageId>/<width>.webp`. The same bytes are attached to a
 * product once (`sha256`); `position` orders the gallery, the first is the product's primary image.
 */
@Entity({ tableName: 'product_image' })
@Unique({ properties: ['productId', 'sha256'] })
@Index({ properties: ['productId', 'position'] })
export class ProductImage {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'integer' })
  position!: number;

  /** Key of the original in the blob store. */
  @Property({ type: 'string', length: 200 })
  blobKey!: string;

  @Property({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'string', length: 60 })
  contentType!: string;

  @Property({ type: 'integer' })
  width!: number;

  @Property({ type: 'integer' })
  height!: number;

  @Property({ type: 'integer' })
  byteSize!: number;

  /** Widths of the stored WebP variants, e.g. "160,480,1200" (never wider than the original). */
  @Property({ type: 'string', length: 200 })
  variants!: string;

  @Property({ type: 'string', length: 60 })
  createdByUserId!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
