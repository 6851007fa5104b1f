import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * One image of a product: the original blob and its WebP variants (`variants`, comma-separated
 * widths) under `products/<productId>/<imageId>/<width>.webp`. The same bytes are attached to a
 * product once (`sha256`); `position` orders the gallery, the first is the product's primary image.
 */
@Entity({ tableName: 'product_image' })
@Unique({ properties: ['productId', 'sha256'] })
@Index({ properties: ['productId', 'position'] })
@ObjectType({
  description: 'One picture of a product, served as WebP in three widths (160, 480, 1200 px) from /media.',
})
export class ProductImage {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable image id ("img_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: "Place in the product's gallery, from 0; the image at 0 is the primary one." })
  position!: number;

  /** Key of the original in the blob store. */
  @Property({ type: 'string', length: 200 })
  blobKey!: string;

  @Property({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'string', length: 60 })
  contentType!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Width of the original in pixels (upright, after its EXIF orientation).' })
  width!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Height of the original in pixels (upright, after its EXIF orientation).' })
  height!: number;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'What the picture shows, for screen readers and when it cannot load; null when not given.',
  })
  alt?: string | null = null;

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
