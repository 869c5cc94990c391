import { ConflictError, isDuplicateKeyError, rolesFromGroups } from '@weace/service-kit';
import { NOT_DELETED, type UserDocument, UserModel, UserStatus } from '../user/user.model';
import { findMe } from '../user/user.service';
import type { SsoSignInArgs } from './sso-profile.args';

/**
 * The profile of a person who has just signed in with SSO, in this order:
 * 1. the profile with their subject (its roles following the provider's groups, as `me` does);
 * 2. else, when the provider verified their email, the profile with that email, which from
 *    now on this subject signs in to as well: it is linked as an additional identity, and the
 *    profile's own `subject` (its federation key, its password login) never changes. Proving
 *    the address is what registration asks too, so a PENDING profile becomes ACTIVE;
 * 3. else a new ACTIVE profile.
 * A person whose unverified email is already another profile's gets CONFLICT: linking on an
 * unproven address would hand that profile to whoever typed it at the provider.
 */
export async function profileForSsoSignIn(signIn: SsoSignInArgs): Promise<UserDocument> {
  const identity = { sub: signIn.subject, roles: rolesFromGroups(signIn.roles) };
  const email = signIn.email.trim().toLowerCase();
  const mine = await findMe(identity);
  if (mine) return mine;

  if (signIn.emailVerified) {
    // $addToSet: two sign-ins racing link the subject once.
    const linked = await UserModel.findOneAndUpdate(
      { email, ...NOT_DELETED },
      { $addToSet: { linkedSubjects: signIn.subject } },
      { returnDocument: 'after' },
    ).exec();
    if (linked?.status === UserStatus.PENDING) {
      return (
        (await UserModel.findOneAndUpdate(
          { _id: linked._id, status: UserStatus.PENDING },
          { $set: { status: UserStatus.ACTIVE } },
          { returnDocument: 'after' },
        ).exec()) ?? linked
      );
    }
    if (linked) return linked;
  }

  try {
    return await UserModel.create({
      subject: signIn.subject,
      email,
      name: signIn.name?.trim() || email.slice(0, email.indexOf('@')),
      roles: identity.roles,
      status: UserStatus.ACTIVE,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // A concurrent sign-in of the same person may have created it a moment earlier.
    const raced = await findMe(identity);
    if (raced) return raced;
    throw new ConflictError('Another profile already uses this email', 'email');
  }
}
