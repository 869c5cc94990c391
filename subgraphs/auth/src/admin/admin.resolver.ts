import { Role, type ServiceContext } from '@weace/service-kit';
import { Arg, Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import {
  AccountArgs,
  AdminCreateUserInput,
  AdminSetPasswordArgs,
  AdminSetUserEnabledArgs,
  AdminSetUserGroupsArgs,
} from './admin.inputs';
import type { AdminService } from './admin.service';
import { IdentityAccount } from './identity-account.types';

/** Account administration in the identity provider; ADMIN only. */
@Resolver()
export class AdminResolver {
  constructor(private readonly admin: AdminService) {}

  @Authorized(Role.Admin)
  @Mutation(() => IdentityAccount, {
    description: 'CONFLICT when the email has an account; its profile is created in users',
  })
  adminCreateUser(@Arg('input') input: AdminCreateUserInput): Promise<IdentityAccount> {
    return this.admin.createUser(input);
  }

  @Authorized(Role.Admin)
  @Mutation(() => Boolean)
  adminSetPassword(
    @Args() { username, password, permanent }: AdminSetPasswordArgs,
  ): Promise<boolean> {
    return this.admin.setPassword(username, password, permanent);
  }

  @Authorized(Role.Admin)
  @Mutation(() => Boolean, { description: 'NOT_FOUND when there is no such account' })
  adminDeleteUser(
    @Args() { username }: AccountArgs,
    @Ctx() context: ServiceContext,
  ): Promise<boolean> {
    return this.admin.deleteUser(username, actorSubjectOf(context));
  }

  @Authorized(Role.Admin)
  @Mutation(() => IdentityAccount, {
    description: 'A disabled account can neither log in nor refresh its tokens',
  })
  adminSetUserEnabled(
    @Args() { username, enabled }: AdminSetUserEnabledArgs,
    @Ctx() context: ServiceContext,
  ): Promise<IdentityAccount> {
    return this.admin.setEnabled(username, enabled, actorSubjectOf(context));
  }

  @Authorized(Role.Admin)
  @Mutation(() => IdentityAccount, {
    description: "Sets the account's roles; its next tokens carry them",
  })
  adminSetUserGroups(
    @Args() { username, groups }: AdminSetUserGroupsArgs,
    @Ctx() context: ServiceContext,
  ): Promise<IdentityAccount> {
    return this.admin.setGroups(username, groups, actorSubjectOf(context));
  }
}

/** The acting admin's subject, for the `actorId` of the events an operation publishes. */
function actorSubjectOf({ caller }: ServiceContext): string | undefined {
  return caller.kind === 'user' ? caller.identity.sub : undefined;
}
