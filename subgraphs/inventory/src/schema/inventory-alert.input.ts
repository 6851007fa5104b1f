import { Field, ID, InputType } from 'type-graphql';
import { InventoryAlertKind } from '../entities/inventory-alert.entity.js';

@InputType({ description: 'Conditions inventory alerts must meet (all given ones).' })
export class InventoryAlertFilter {
  @Field(() => [InventoryAlertKind], { nullable: true, description: 'Only alerts of these kinds.' })
  kinds?: InventoryAlertKind[] | null;

  @Field(() => ID, { nullable: true, description: 'Only alerts about this warehouse.' })
  warehouseId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only alerts about this product.' })
  productId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only acknowledged alerts; false: only unacknowledged ones.',
  })
  acknowledged?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only alerts whose condition lasts; false: only cleared ones.',
  })
  open?: boolean | null;
}
