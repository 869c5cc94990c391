import { Role } from '@weace/service-kit';

/**
 * The one password of every demo account (it meets the user pool's policy).
 * Local accounts only: printed by `npm start`, written in the README.
 */
export const DEMO_PASSWORD = 'WeAce-demo-1';

/** A person of the demo organisation: an account in the identity provider and a profile. */
export interface DemoPerson {
  readonly email: string;
  readonly name: string;
  /** Their groups in the identity provider, so their roles. */
  readonly roles: readonly Role[];
  readonly department: string;
  readonly jobTitle: string;
}

/**
 * The people `npm start` seeds on first start, so the first query shows data:
 * each can log in with {@link DEMO_PASSWORD}, or sign in with SSO at the
 * local OpenID provider, and lands on the same profile.
 */
export const demoPeople: readonly DemoPerson[] = [
  {
    email: 'ada.admin@weace.dev',
    name: 'Ada Admin',
    roles: [Role.Admin, Role.Learner],
    department: 'People Operations',
    jobTitle: 'Learning Platform Admin',
  },
  {
    email: 'carla.coach@weace.dev',
    name: 'Carla Coach',
    roles: [Role.Coach, Role.Learner],
    department: 'Leadership Academy',
    jobTitle: 'Executive Coach',
  },
  {
    email: 'omar.okafor@weace.dev',
    name: 'Omar Okafor',
    roles: [Role.Coach, Role.Learner],
    department: 'Leadership Academy',
    jobTitle: 'Career Coach',
  },
  {
    email: 'olga.organizer@weace.dev',
    name: 'Olga Organizer',
    roles: [Role.Organizer, Role.Learner],
    department: 'Events',
    jobTitle: 'Community Manager',
  },
  {
    email: 'liam.learner@weace.dev',
    name: 'Liam Learner',
    roles: [Role.Learner],
    department: 'Engineering',
    jobTitle: 'Software Engineer',
  },
  {
    email: 'mia.martin@weace.dev',
    name: 'Mia Martin',
    roles: [Role.Learner],
    department: 'Sales',
    jobTitle: 'Account Executive',
  },
  {
    email: 'noah.nguyen@weace.dev',
    name: 'Noah Nguyen',
    roles: [Role.Learner],
    department: 'Engineering',
    jobTitle: 'Data Analyst',
  },
  {
    email: 'sofia.silva@weace.dev',
    name: 'Sofia Silva',
    roles: [Role.Learner],
    department: 'Marketing',
    jobTitle: 'Content Strategist',
  },
];
