import { randomUUID } from 'node:crypto';
import type { EventBus } from '@weace/events';
import { NotFoundError } from '@weace/service-kit';
import { announceRegistered, snapshotOf } from '../user/user.events';
import { NOT_DELETED, type UserDocument, UserModel, UserStatus } from '../user/user.model';
import type { IdentityAccounts } from './identity-accounts';
import type { RegisterInput } from './registration.inputs';

/**
 * Self-registration: a PENDING profile here, the sign-in account in the auth
 * service, both activated by the code emailed to the person.
 */
export class RegistrationService {
  constructor(
    private readonly events: EventBus,
    private readonly accounts: IdentityAccounts,
  ) {}

  /**
   * The profile comes first and claims the email: a taken one fails on the
   * unique index (CONFLICT) before the identity provider is asked. If the
   * account cannot be created, the profile is removed again, so the same
   * email can be retried: a local delete, as nothing was announced yet. The
   * profile's subject is a placeholder until the account's subject (Cognito's
   * UserSub) replaces it, and `user.registered` commits with that write, so
   * no other service ever hears of a registration that was rolled back.
   */
  async register({ email, password, name }: RegisterInput): Promise<UserDocument> {
    const profile = await UserModel.create({
      subject: `pending:${randomUUID()}`,
      email,
      name,
      status: UserStatus.PENDING,
    });
    let subject: string;
    try {
      subject = await this.accounts.create({ email: profile.email, password, name: profile.name });
    } catch (error) {
      await UserModel.deleteOne({ _id: profile._id }).exec();
      throw error;
    }
    return this.events.withTransaction(async (session) => {
      const registered = await UserModel.findByIdAndUpdate(
        profile._id,
        { $set: { subject } },
        { returnDocument: 'after', session },
      )
        .orFail()
        .exec();
      await announceRegistered(this.events, session, registered, {
        actorId: registered.id as string,
      });
      return registered;
    });
  }

  /** Confirms the account with the emailed code, then activates the profile. */
  async confirm(email: string, code: string): Promise<UserDocument> {
    const pending = {
      email: email.trim().toLowerCase(),
      status: UserStatus.PENDING,
      ...NOT_DELETED,
    };
    const profile = await UserModel.findOne(pending).exec();
    if (!profile) throw new NotFoundError('Pending registration');
    await this.accounts.confirm({ email: profile.email, code });
    const activated = await this.events.withTransaction(async (session) => {
      const active = await UserModel.findOneAndUpdate(
        { _id: profile._id, status: UserStatus.PENDING },
        { $set: { status: UserStatus.ACTIVE } },
        { returnDocument: 'after', session },
      ).exec();
      if (active) {
        await this.events.publish(session, {
          type: 'user.confirmed',
          subject: active.id as string,
          payload: snapshotOf(active),
          actorId: active.id as string,
        });
      }
      return active;
    });
    // A concurrent confirmation may have activated it first; the outcome is the same.
    return activated ?? UserModel.findById(profile._id).orFail().exec();
  }
}
