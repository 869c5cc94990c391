import {
  type Connection,
  type ServiceContext,
  Role,
  parseObjectId,
  requireIdentity,
} from '@weace/service-kit';
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
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
import type { UserService } from './user.service';

@Resolver(() => User)
export class UserResolver {
  constructor(private readonly profiles: UserService) {}

  @Query(() => User, {
    nullable: true,
    description: "The signed-in person's profile; null until one exists",
  })
  me(@Ctx() context: ServiceContext): Promise<User | null> {
    return this.profiles.findMe(requireIdentity(context));
  }

  @Authorized()
  @Query(() => User, { nullable: true, description: 'null when no such user exists' })
  user(@Arg('id', () => ID) id: string, @Ctx() context: ServiceContext): Promise<User | null> {
    parseObjectId(id, 'id', 'user id');
    return context.loaders.get(userById).load(id);
  }

  @Authorized()
  @Query(() => UserConnection)
  users(@Args() args: UsersArgs, @Ctx() context: ServiceContext): Promise<Connection<User>> {
    return this.profiles.list(args.filter, args, context.caller);
  }

  @Authorized()
  @Query(() => UserConnection)
  searchUsers(
    @Args() args: SearchUsersArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<User>> {
    return this.profiles.search(args.query, args, context.caller);
  }

  @Authorized()
  @Mutation(() => User)
  updateMyProfile(
    @Arg('input') input: UpdateMyProfileInput,
    @Ctx() context: ServiceContext,
  ): Promise<User> {
    return this.profiles.updateMine(requireIdentity(context), input);
  }

  @Authorized(Role.Admin)
  @Mutation(() => User)
  createUser(@Arg('input') input: CreateUserInput, @Ctx() context: ServiceContext): Promise<User> {
    return this.profiles.create(input, context.caller);
  }

  @Authorized(Role.Admin)
  @Mutation(() => User)
  updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateUserInput,
    @Ctx() context: ServiceContext,
  ): Promise<User> {
    return this.profiles.update(id, input, context.caller);
  }

  @Authorized(Role.Admin)
  @Mutation(() => Boolean, {
    description: 'Soft delete: the user vanishes from every read. NOT_FOUND when already gone',
  })
  deleteUser(@Arg('id', () => ID) id: string, @Ctx() context: ServiceContext): Promise<boolean> {
    return this.profiles.delete(id, context.caller);
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
