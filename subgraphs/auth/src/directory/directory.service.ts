import { PersonModel } from './person.model';

/** An account as auth's events name it. */
export interface KnownAccount {
  readonly subject: string;
  readonly email: string;
}

/** The people auth knows by `User.id`, as `subscribeDirectory` keeps them. */
export class Directory {
  /** The `User.id` of the account with this subject; null before users announced its profile. */
  async userIdOf(subject: string): Promise<string | null> {
    const person = await PersonModel.findOne({ subject }, { _id: 1 }).lean().exec();
    return person?._id ?? null;
  }

  /** The account a username (its subject or email) named, as the directory last heard of it. */
  async accountOf(username: string): Promise<KnownAccount | null> {
    const person = await PersonModel.findOne({
      $or: [{ subject: username }, { email: username.trim().toLowerCase() }],
    })
      .lean()
      .exec();
    return person && { subject: person.subject, email: person.email };
  }
}
