import { type ServiceContext, callerUserId } from '@weace/service-kit';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PushSubscriptionInput, UpdateNotificationPreferencesInput } from './preferences.inputs';
import { CategoryPreference, Preferences } from './preferences.model';
import type { PreferencesService } from './preferences.service';

@Resolver(() => Preferences)
export class PreferencesResolver {
  constructor(private readonly preferences: PreferencesService) {}

  @Authorized()
  @Query(() => Preferences)
  myNotificationPreferences(@Ctx() context: ServiceContext): Promise<Preferences> {
    return this.preferences.mine(callerUserId(context));
  }

  @Authorized()
  @Mutation(() => Preferences)
  updateMyNotificationPreferences(
    @Arg('input') input: UpdateNotificationPreferencesInput,
    @Ctx() context: ServiceContext,
  ): Promise<Preferences> {
    return this.preferences.update(callerUserId(context), input);
  }

  @Authorized()
  @Mutation(() => Preferences, { description: "This browser's Web Push subscription" })
  registerPushSubscription(
    @Arg('input') input: PushSubscriptionInput,
    @Ctx() context: ServiceContext,
  ): Promise<Preferences> {
    return this.preferences.registerPush(callerUserId(context), input);
  }

  @Authorized()
  @Mutation(() => Preferences)
  removePushSubscription(
    @Arg('endpoint') endpoint: string,
    @Ctx() context: ServiceContext,
  ): Promise<Preferences> {
    return this.preferences.removePush(callerUserId(context), endpoint);
  }

  @FieldResolver(() => [CategoryPreference], { description: 'Every category, defaults included' })
  categories(@Root() preferences: Preferences): CategoryPreference[] {
    return this.preferences.categories(preferences);
  }
}
