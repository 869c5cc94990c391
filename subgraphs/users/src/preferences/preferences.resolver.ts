import { type ServiceContext, requireIdentity } from '@weace/service-kit';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { User, type UserDocument } from '../user/user.model';
import { UpdatePreferencesInput } from './preferences.inputs';
import { Preferences } from './preferences.model';
import { type PreferencesService, preferencesFor } from './preferences.service';

// Roots are typed as the mongoose document (a type alias, so no decorator
// metadata): typed as the `User` class, type-graphql would copy the document
// into a new User instance and lose its getters, `id` among them.
@Resolver(() => User)
export class PreferencesResolver {
  constructor(private readonly preferenceService: PreferencesService) {}

  @FieldResolver(() => Preferences, {
    nullable: true,
    description: 'Only for the user themself and admins; null for everybody else',
  })
  preferences(@Root() user: UserDocument, @Ctx() context: ServiceContext): Preferences | null {
    return preferencesFor(user, context.caller);
  }

  @Authorized()
  @Mutation(() => Preferences)
  updateMyPreferences(
    @Arg('input') input: UpdatePreferencesInput,
    @Ctx() context: ServiceContext,
  ): Promise<Preferences> {
    return this.preferenceService.updateMine(requireIdentity(context), input);
  }
}
