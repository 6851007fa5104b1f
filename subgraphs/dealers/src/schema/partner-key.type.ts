import { connectionType } from '@dnp/subgraph-kit';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { PartnerKey, PartnerKeyScope } from '../entities/partner-key.entity.js';

/** A page of partner keys (`PartnerKeyConnection` with `PartnerKeyEdge`), Relay-style. */
export const PartnerKeyConnection = connectionType(PartnerKey, 'PartnerKey', 'partner API key');

/** What `createPartnerKey` returns: the stored key and its one-time secret. */
@ObjectType({ description: 'A newly created partner key and its secret, which is shown only this once.' })
export class CreatedPartnerKey {
  @Field(() => PartnerKey, { description: 'The stored key.' })
  partnerKey!: PartnerKey;

  @Field(() => String, {
    description: 'The API key to hand to the partner (send as `x-api-key`); it cannot be shown again.',
  })
  key!: string;
}

/** What the gateway needs to turn a presented key into a PARTNER viewer. */
@ObjectType({ description: 'The identity behind a partner API key, for the gateway. Not exposed by the gateway.' })
@Directive('@inaccessible')
export class PartnerKeyIdentity {
  @Field(() => ID, { description: "The key id (the PARTNER viewer's user id)." })
  keyId!: string;

  @Field(() => String, { description: 'Who the key is for.' })
  name!: string;

  @Field(() => PartnerKeyScope, { description: 'What the key may read.' })
  scope!: PartnerKeyScope;

  @Field(() => Int, { description: 'Requests per minute.' })
  rateLimitPerMinute!: number;

  @Field(() => ID, { nullable: true, description: 'The dealer of a DEALER_READ key.' })
  dealerId!: string | null;

  @Field(() => String, { nullable: true, description: "That dealer's grade." })
  dealerGrade!: string | null;

  @Field(() => ID, { nullable: true, description: "That dealer's home region." })
  regionId!: string | null;

  @Field(() => [String], { nullable: true, description: 'Region ids from the root down to `regionId`.' })
  regionPath!: string[] | null;
}
