import {
  type Connection,
  ForwardPageArgs,
  type ServiceContext,
  requireIdentity,
} from '@weace/service-kit';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Resolver,
  Root,
} from 'type-graphql';
import { UserConnection } from '../user/user.connection';
import { User, type UserDocument } from '../user/user.model';
import { countFollows, followUser, listFollows, unfollowUser } from './follow.service';

// Roots are typed as the mongoose document (a type alias, so no decorator
// metadata): typed as the `User` class, type-graphql would copy the document
// into a new User instance and lose its getters, `id` among them.
@Resolver(() => User)
export class FollowResolver {
  @FieldResolver(() => UserConnection, { description: 'People following this user' })
  followers(
    @Root() user: UserDocument,
    @Args() page: ForwardPageArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<User>> {
    return listFollows('followers', user, page, context);
  }

  @FieldResolver(() => UserConnection, { description: 'People this user follows' })
  following(
    @Root() user: UserDocument,
    @Args() page: ForwardPageArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<User>> {
    return listFollows('following', user, page, context);
  }

  @FieldResolver(() => Int)
  followersCount(@Root() user: UserDocument, @Ctx() context: ServiceContext): Promise<number> {
    return countFollows('followers', user, context);
  }

  @FieldResolver(() => Int)
  followingCount(@Root() user: UserDocument, @Ctx() context: ServiceContext): Promise<number> {
    return countFollows('following', user, context);
  }

  @Authorized()
  @Mutation(() => User, { description: 'Idempotent; returns the followed user' })
  follow(@Arg('userId', () => ID) userId: string, @Ctx() context: ServiceContext): Promise<User> {
    return followUser(requireIdentity(context), userId);
  }

  @Authorized()
  @Mutation(() => User, { description: 'Idempotent; returns the unfollowed user' })
  unfollow(@Arg('userId', () => ID) userId: string, @Ctx() context: ServiceContext): Promise<User> {
    return unfollowUser(requireIdentity(context), userId);
  }
}
