import { Grant } from '@dnp/subgraph-kit';
import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Dealer } from '../entities/dealer.entity.js';
import { Region } from '../entities/region.entity.js';
import { User } from '../entities/user.entity.js';
import type { DealersContext } from '../dealers-context.js';
import { UserService } from '../services/user.service.js';

const users = new UserService();

@Resolver(() => User)
export class UserResolver {
  @Authorized(Grant.ANYONE)
  @Query(() => User, {
    nullable: true,
    description: 'The logged-in user; null when the caller is anonymous, a partner key or a service.',
  })
  me(@Ctx() ctx: DealersContext) {
    return users.me(ctx);
  }

  @FieldResolver(() => Dealer, {
    nullable: true,
    description: 'The dealer a dealer user acts for; null for head office and managers.',
  })
  dealer(@Root() user: User, @Ctx() ctx: DealersContext) {
    return users.dealer(ctx, user);
  }

  @FieldResolver(() => Region, { nullable: true, description: "A manager's region, or a dealer user's home region." })
  region(@Root() user: User, @Ctx() ctx: DealersContext) {
    return users.region(ctx, user);
  }
}
