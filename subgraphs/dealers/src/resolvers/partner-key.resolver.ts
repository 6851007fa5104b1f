import { Grant } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DealersContext } from '../dealers-context.js';
import { Dealer } from '../entities/dealer.entity.js';
import { PartnerKey } from '../entities/partner-key.entity.js';
import { User } from '../entities/user.entity.js';
import { PartnerKeyService } from '../services/partner-key.service.js';
import { CreatePartnerKeyInput } from '../schema/partner-key.input.js';
import { CreatedPartnerKey, PartnerKeyConnection, PartnerKeyIdentity } from '../schema/partner-key.type.js';

const keys = new PartnerKeyService();

@Resolver(() => PartnerKey)
export class PartnerKeyResolver {
  @Authorized(Grant.HQ_ADMIN)
  @Query(() => PartnerKeyConnection, {
    description: 'Partner API keys, newest first. Head office only (FORBIDDEN otherwise).',
  })
  partnerKeys(
    @Ctx() ctx: DealersContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last edge of the previous page.' })
    after?: string,
    @Arg('includeRevoked', () => Boolean, { nullable: true, description: 'Also list revoked keys (default false).' })
    includeRevoked?: boolean,
  ) {
    return keys.list(ctx, { first, after, includeRevoked });
  }

  @Authorized(Grant.SERVICE)
  @Query(() => PartnerKeyIdentity, {
    nullable: true,
    description:
      'The identity behind a partner key, by the hex SHA-256 of the key; null when unknown or revoked. ' +
      'Service callers (the gateway) only; not exposed by the gateway.',
  })
  @Directive('@inaccessible')
  partnerKeyIdentity(
    @Ctx() ctx: DealersContext,
    @Arg('keyHash', () => String, { description: 'Hex SHA-256 of the presented key.' }) keyHash: string,
  ) {
    return keys.identity(ctx, keyHash);
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => CreatedPartnerKey, {
    description:
      'Creates a partner API key and returns it once. Head office only. Fails with BAD_USER_INPUT (name, ' +
      'scope/dealer mismatch, rate limit) or NOT_FOUND (dealer).',
  })
  createPartnerKey(
    @Ctx() ctx: DealersContext,
    @Arg('input', () => CreatePartnerKeyInput, { description: 'The new key.' }) input: CreatePartnerKeyInput,
  ) {
    return keys.create(ctx, input);
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => PartnerKey, {
    description:
      'Revokes a partner API key for good (revoking again changes nothing). Head office only. Fails with NOT_FOUND.',
  })
  revokePartnerKey(@Ctx() ctx: DealersContext, @Arg('id', () => ID, { description: 'The key id.' }) id: string) {
    return keys.revoke(ctx, id);
  }

  @FieldResolver(() => Dealer, {
    nullable: true,
    description: 'The dealer a DEALER_READ key reads for; null for CATALOG_READ.',
  })
  dealer(@Root() key: PartnerKey, @Ctx() ctx: DealersContext) {
    return keys.dealer(ctx, key);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The head-office user who created the key.' })
  createdBy(@Root() key: PartnerKey, @Ctx() ctx: DealersContext) {
    return keys.createdBy(ctx, key);
  }

  @FieldResolver(() => Boolean, { description: 'True while the key works (not revoked).' })
  active(@Root() key: PartnerKey) {
    return key.revokedAt === null;
  }
}
