import { Role } from '@weace/service-kit';
import { Arg, Authorized, Mutation, Query, Resolver } from 'type-graphql';
import { UpdateEngagementSettingsInput } from './settings.inputs';
import { Settings } from './settings.model';
import { loadSettings, updateSettings } from './settings.service';

@Resolver(() => Settings)
export class SettingsResolver {
  @Authorized()
  @Query(() => Settings, { description: "The organisation's engagement settings" })
  engagementSettings(): Promise<Settings> {
    return loadSettings();
  }

  @Authorized(Role.Admin)
  @Mutation(() => Settings)
  updateEngagementSettings(
    @Arg('input', () => UpdateEngagementSettingsInput) input: UpdateEngagementSettingsInput,
  ): Promise<Settings> {
    return updateSettings(input);
  }
}
