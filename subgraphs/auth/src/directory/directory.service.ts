import type { PeopleDirectory } from '@weace/service-kit';

/** An account as auth's events name it. */
export interface KnownAccount {
  readonly subject: string;
  readonly email: string;
}

/** The people auth knows by `User.id`, from its {@link PeopleDirectory}. */
export class Directory {
  constructor(private readonly people: PeopleDirectory) {}

  /** The `User.id` of the account with this subject; null before users announced its profile. */
  async userIdOf(subject: string): Promise<string | null> {
    return (await this.people.findBySubject(subject))?.id ?? null;
  }

  /** The account a username (its subject or email) named, as the directory last heard of it. */
  async accountOf(username: string): Promise<KnownAccount | null> {
    const person =
      (await this.people.findBySubject(username)) ?? (await this.people.findByEmail(username));
    return person && { subject: person.subject, email: person.email };
  }
}
