import type { EventBus } from '@weace/events';
import { ConflictError, isDuplicateKeyError, rolesFromGroups } from '@weace/service-kit';
import { NOT_DELETED, type UserDocument, UserModel, UserStatus } from '../user/user.model';
import { announceRegistered, updateProfileIn } from '../user/user.events';
import type { UserService } from '../user/user.service';
import type { SsoSignInArgs } from './sso-profile.args';

/**
 * The profile of a person who has just signed in with SSO, in this order:
 * 1. the profile with their subject (its roles following the provider's groups, as `me` does);
 * 2. else, when the provider verified their email, the profile with that email, which from
 *    now on belongs to this subject: proving the address is what registration asks too, so a
 *    PENDING profile becomes ACTIVE;
 * 3. else a new ACTIVE profile.
 * A person whose unverified email is already another profile's gets CONFLICT: linking on an
 * unproven address would hand that profile to whoever typed it at the provider.
 */
export class SsoProfileService {
  constructor(
    private readonly events: EventBus,
    private readonly users: UserService,
  ) {}

  async profileFor(signIn: SsoSignInArgs): Promise<UserDocument> {
    const identity = { sub: signIn.subject, roles: rolesFromGroups(signIn.roles) };
    const email = signIn.email.trim().toLowerCase();
    const mine = await this.users.findMe(identity);
    if (mine) return mine;

    if (signIn.emailVerified) {
      const linked = await this.events.withTransaction(async (session) => {
        const byEmail = await UserModel.findOne({ email, ...NOT_DELETED })
          .session(session)
          .exec();
        if (!byEmail) return null;
        const activates = byEmail.status === UserStatus.PENDING;
        return updateProfileIn(
          this.events,
          session,
          { _id: byEmail._id },
          // The profile keeps its own subject; this one is linked as an additional identity.
          {
            $addToSet: { linkedSubjects: signIn.subject },
            ...(activates && { $set: { status: UserStatus.ACTIVE } }),
          },
          activates ? ['linkedSubjects', 'status'] : ['linkedSubjects'],
        );
      });
      if (linked) return linked;
    }

    try {
      return await this.events.withTransaction(async (session) => {
        const [created] = await UserModel.create(
          [
            {
              subject: signIn.subject,
              email,
              name: signIn.name?.trim() || email.slice(0, email.indexOf('@')),
              roles: identity.roles,
              status: UserStatus.ACTIVE,
            },
          ],
          { session },
        );
        await announceRegistered(this.events, session, created!);
        return created!;
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // A concurrent sign-in of the same person may have created it a moment earlier.
      const raced = await this.users.findMe(identity);
      if (raced) return raced;
      throw new ConflictError('Another profile already uses this email', 'email');
    }
  }
}
