import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Which audit entries to list; every field optional, all given ones must match.' })
export class AuditLogFilter {
  @Field(() => String, { nullable: true, description: 'Only changes by this actor (user id, or a service name).' })
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only changes of this entity type, e.g. "Order".' })
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only changes of this entity id.' })
  entityId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Only entries recorded by this subgraph (products, dealers, pricing, inventory, orders, finance, traceability);' +
      ' BAD_USER_INPUT for another name.',
  })
  subgraph?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only changes at or after this time.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only changes before this time.' })
  to?: Date | null;
}
