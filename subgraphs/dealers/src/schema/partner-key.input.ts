import { Field, ID, InputType, Int } from 'type-graphql';
import { PartnerKeyScope } from '../entities/partner-key.entity.js';

/** What `createPartnerKey` takes. */
@InputType({ description: 'A new partner API key.' })
export class CreatePartnerKeyInput {
  @Field(() => String, { description: 'Who the key is for, 1 to 80 characters.' })
  name!: string;

  @Field(() => PartnerKeyScope, { description: 'What the key may read.' })
  scope!: PartnerKeyScope;

  @Field(() => ID, {
    nullable: true,
    description: 'The dealer a DEALER_READ key reads for (required for DEALER_READ, refused for CATALOG_READ).',
  })
  dealerId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Requests per minute, 1 to 6000 (default 60).' })
  rateLimitPerMinute?: number | null;
}
