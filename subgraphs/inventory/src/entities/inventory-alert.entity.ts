import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { AlertRecord } from '@dnp/subgraph-kit';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What an inventory alert is about. */
export enum InventoryAlertKind {
  SAFETY_STOCK = 'SAFETY_STOCK',
  EXPIRY_RED = 'EXPIRY_RED',
  EXPIRY_YELLOW = 'EXPIRY_YELLOW',
  EXPIRY_BLUE = 'EXPIRY_BLUE',
}
registerEnumType(InventoryAlertKind, {
  name: 'InventoryAlertKind',
  description: 'What an inventory alert is about.',
  valuesConfig: {
    SAFETY_STOCK: { description: "A stock level's available units fell below its safety stock (安全库存预警)." },
    EXPIRY_RED: { description: 'A lot entered the red expiry window (expired or about to).' },
    EXPIRY_YELLOW: { description: 'A lot entered the yellow expiry window.' },
    EXPIRY_BLUE: { description: 'A lot entered the blue expiry window.' },
  },
});

/**
 * A raised inventory alert (预警). Raised once per condition: `openKey` is unique while the
 * condition lasts (a safety-stock alert's key is cleared when the level recovers, so a later
 * shortage raises a new alert; an expiry alert keeps its key for good). Acknowledging does not
 * clear the key.
 */
@Entity({ tableName: 'inventory_alert' })
@Index({ properties: ['raisedAt', 'id'] })
@Index({ properties: ['warehouseId', 'id'] })
@ObjectType({
  description: 'An inventory alert: stock below safety stock, or a lot entering an expiry window (库存预警).',
})
export class InventoryAlert extends AlertRecord {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable alert id.' })
  id!: string;

  @Enum({ items: () => InventoryAlertKind, type: 'string' })
  @Field(() => InventoryAlertKind, { description: 'What the alert is about.' })
  kind!: InventoryAlertKind;

  @Property({ type: 'string', length: 40 })
  warehouseId!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  stockLevelId!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  lotId!: string | null;

  /** Owner of the warehouse when it is a dealer's, for dealer scoping. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  dealerId!: string | null;

  /** The warehouse's region path ("/reg_cn/reg_east/"), for region managers. */
  @Property({ type: 'string', length: 400 })
  regionPath!: string;

  /** Unique while the condition lasts; null once it has cleared. */
  @Property({ type: 'string', length: 120, nullable: true, unique: true })
  openKey!: string | null;

  @Property({ type: 'string', length: 400 })
  @Field(() => String, { description: 'What happened, in English (the apps translate by kind).' })
  message!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The measured value: available units (safety stock) or days to expiry (expiry).' })
  value!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The threshold crossed: the safety stock, or the window in days.' })
  threshold!: number;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When the condition cleared (safety stock back up); null while it lasts.',
  })
  resolvedAt!: Date | null;
}
