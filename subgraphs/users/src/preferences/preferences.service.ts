import { type Caller, type Identity, NotFoundError } from '@weace/service-kit';
import type { EventBus } from '@weace/events';
import { givenFields } from '@weace/service-kit';
import { updateOwnProfile } from '../user/user.events';
import { type User, isSubjectOf } from '../user/user.model';
import { seesEverything } from '../user/user.service';
import type { UpdatePreferencesInput } from './preferences.inputs';
import type { Preferences } from './preferences.model';

/** Preferences are the user's own business: they and admins see them, nobody else. */
export function preferencesFor(user: User, caller: Caller): Preferences | null {
  const own = caller.kind === 'user' && isSubjectOf(user, caller.identity.sub);
  return own || seesEverything(caller) ? user.preferences : null;
}

/** A person's own settings; each change commits with the `user.updated` announcing it. */
export class PreferencesService {
  constructor(private readonly events: EventBus) {}

  async updateMine(identity: Identity, input: UpdatePreferencesInput): Promise<Preferences> {
    const changes = givenFields(input);
    const $set = Object.fromEntries(
      Object.entries(changes).map(([field, value]) => [`preferences.${field}`, value]),
    );
    const user = await updateOwnProfile(this.events, identity, { $set }, Object.keys($set));
    if (!user) throw new NotFoundError('Your profile');
    return user.preferences;
  }
}
