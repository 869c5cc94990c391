import { type Caller, type Identity, NotFoundError } from '@weace/service-kit';
import type { EventBus } from '@weace/events';
import { givenFields } from '../input';
import { updateProfileIn } from '../user/user.events';
import { NOT_DELETED, type User, UserModel, bySubject, isSubjectOf } from '../user/user.model';
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
    const user = await this.events.withTransaction(async (session) => {
      const mine = await UserModel.findOne(
        { ...bySubject(identity.sub), ...NOT_DELETED },
        { _id: 1 },
      )
        .session(session)
        .exec();
      return mine
        ? updateProfileIn(this.events, session, { _id: mine._id }, { $set }, Object.keys($set), {
            actorId: mine.id as string,
          })
        : null;
    });
    if (!user) throw new NotFoundError('Your profile');
    return user.preferences;
  }
}
