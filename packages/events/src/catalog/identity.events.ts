import { z } from 'zod';
import { defineEvent } from './define-event';
import { personSnapshot, userId } from './fields';

/**
 * Events about people: the users service's profile snapshots, which every
 * other service keeps the directory it needs from, and the auth service's
 * changes to sign-in accounts in the identity provider.
 */

const snapshot = z.object({ user: personSnapshot });

export const userRegistered = defineEvent({
  type: 'user.registered',
  version: 1,
  producer: 'users',
  description: 'A profile was created (registration, an admin, a first SSO sign-in, demo seeding)',
  payload: snapshot,
});

export const userConfirmed = defineEvent({
  type: 'user.confirmed',
  version: 1,
  producer: 'users',
  description: 'A registered person confirmed their address; the profile is ACTIVE',
  payload: snapshot,
});

export const userUpdated = defineEvent({
  type: 'user.updated',
  version: 1,
  producer: 'users',
  description: 'A profile, its preferences, roles or status changed; `changed` names the fields',
  payload: snapshot.extend({ changed: z.array(z.string()) }),
});

export const userDeleted = defineEvent({
  type: 'user.deleted',
  version: 1,
  producer: 'users',
  description: 'A profile was deleted: consumers erase or anonymise what they keep of the person',
  payload: z.object({ userId }),
});

const account = z.object({
  /** The identity provider's subject of the account. */
  subject: z.string().min(1),
  email: z.email(),
});

export const userSignedIn = defineEvent({
  type: 'user.signedIn',
  version: 1,
  producer: 'auth',
  description: 'A person signed in (password or SSO): activity for engagement',
  payload: account.extend({
    /** Null when auth does not know the profile yet (a first SSO sign-in). */
    userId: userId.nullable(),
    method: z.enum(['PASSWORD', 'SSO']),
  }),
});

export const accountDisabled = defineEvent({
  type: 'account.disabled',
  version: 1,
  producer: 'auth',
  description: 'An admin disabled a sign-in account: the profile becomes DISABLED',
  payload: account,
});

export const accountEnabled = defineEvent({
  type: 'account.enabled',
  version: 1,
  producer: 'auth',
  description: 'An admin enabled a sign-in account again: the profile becomes ACTIVE',
  payload: account,
});

export const accountDeleted = defineEvent({
  type: 'account.deleted',
  version: 1,
  producer: 'auth',
  description: 'An admin deleted a sign-in account: the profile is deleted',
  payload: account,
});

export const accountGroupsChanged = defineEvent({
  type: 'account.groupsChanged',
  version: 1,
  producer: 'auth',
  description: "An admin set an account's groups: the profile's roles mirror them",
  payload: account.extend({ groups: z.array(z.string()) }),
});

export const identityEvents = [
  userRegistered,
  userConfirmed,
  userUpdated,
  userDeleted,
  userSignedIn,
  accountDisabled,
  accountEnabled,
  accountDeleted,
  accountGroupsChanged,
] as const;
