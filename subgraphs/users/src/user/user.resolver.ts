import { type Connection, type ServiceContext, Role, requireIdentity } from '@weace/service-kit';
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { parseUserId } from './user-id';
import { UserConnection } from './user.connection';
import {
  CreateUserInput,
  SearchUsersArgs,
  UpdateMyProfileInput,
  UpdateUserInput,
  UsersArgs,
} from './user.inputs';
import { userById, userBySubject } from './user.loaders';
import { User } from './user.model';
import {
  createUser,
  deleteUser,
  findMe,
  listUsers,
  searchUsers,
  updateMyProfile,
  updateUser,
} from './user.service';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, {
    nullable: true,
    description: "The signed-in person's profile; null until one exists",
  })
  me(@Ctx() context: ServiceContext): Promise<User | null> {
    return findMe(requireIdentity(context));
  }

  @Authorized()
  @Query(() => User, { nullable: true, description: 'null when no such user exists' })
  user(@Arg('id', () => ID) id: string, @Ctx() context: ServiceContext): Promise<User | null> {
    parseUserId(id, 'id');
    return context.loaders.get(userById).load(id);
  }

  @Authorized()
  @Query(() => UserConnection)
  users(@Args() args: UsersArgs, @Ctx() context: ServiceContext): Promise<Connection<User>> {
    return listUsers(args.filter, args, context.caller);
  }

  @Authorized()
  @Query(() => UserConnection)
  searchUsers(
    @Args() args: SearchUsersArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<User>> {
    return searchUsers(args.query, args, context.caller);
  }

  @Authorized()
  @Mutation(() => User)
  updateMyProfile(
    @Arg('input') input: UpdateMyProfileInput,
    @Ctx() context: ServiceContext,
  ): Promise<User> {
    return updateMyProfile(requireIdentity(context), input);
  }

  @Authorized(Role.Admin)
  @Mutation(() => User)
  createUser(@Arg('input') input: CreateUserInput): Promise<User> {
    return createUser(input);
  }

  @Authorized(Role.Admin)
  @Mutation(() => User)
  updateUser(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateUserInput): Promise<User> {
    return updateUser(id, input);
  }

  @Authorized(Role.Admin)
  @Mutation(() => Boolean, {
    description: 'Soft delete: the user vanishes from every read. NOT_FOUND when already gone',
  })
  deleteUser(@Arg('id', () => ID) id: string): Promise<boolean> {
    return deleteUser(id);
  }
}

/** How the gateway's `_entities` fetches find users, by either key; both batched per request. */
export const userReference = {
  __resolveReference(
    reference: { id?: string; subject?: string },
    context: ServiceContext,
  ): Promise<User | null> | null {
    if (reference.id !== undefined) return context.loaders.get(userById).load(reference.id);
    if (reference.subject !== undefined) {
      return context.loaders.get(userBySubject).load(reference.subject);
    }
    return null;
  },
};
