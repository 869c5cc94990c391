import { type Caller, type Identity, NotFoundError } from '@weace/service-kit';
import { givenFields } from '../input';
import { NOT_DELETED, type User, UserModel, bySubject, isSubjectOf } from '../user/user.model';
import { seesEverything } from '../user/user.service';
import type { UpdatePreferencesInput } from './preferences.inputs';
import type { Preferences } from './preferences.model';

/** Preferences are the user's own business: they and admins see them, nobody else. */
export function preferencesFor(user: User, caller: Caller): Preferences | null {
  const own = caller.kind === 'user' && isSubjectOf(user, caller.identity.sub);
  return own || seesEverything(caller) ? user.preferences : null;
}

export async function updateMyPreferences(
  identity: Identity,
  input: UpdatePreferencesInput,
): Promise<Preferences> {
  const $set = Object.fromEntries(
    Object.entries(givenFields(input)).map(([field, value]) => [`preferences.${field}`, value]),
  );
  const user = await UserModel.findOneAndUpdate(
    { ...bySubject(identity.sub), ...NOT_DELETED },
    { $set },
    { returnDocument: 'after' },
  ).exec();
  if (!user) throw new NotFoundError('Your profile');
  return user.preferences;
}
