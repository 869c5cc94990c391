import { Role } from '@weace/service-kit';

/** The people `npm start` seeds on first start, so the first query shows data. */
export const demoPeople = [
  {
    subject: 'demo-admin',
    email: 'ada.admin@weace.dev',
    name: 'Ada Admin',
    roles: [Role.Admin, Role.Learner],
    department: 'People Operations',
    jobTitle: 'Learning Platform Admin',
  },
  {
    subject: 'demo-coach-1',
    email: 'carla.coach@weace.dev',
    name: 'Carla Coach',
    roles: [Role.Coach, Role.Learner],
    department: 'Leadership Academy',
    jobTitle: 'Executive Coach',
  },
  {
    subject: 'demo-coach-2',
    email: 'omar.okafor@weace.dev',
    name: 'Omar Okafor',
    roles: [Role.Coach, Role.Learner],
    department: 'Leadership Academy',
    jobTitle: 'Career Coach',
  },
  {
    subject: 'demo-organizer',
    email: 'olga.organizer@weace.dev',
    name: 'Olga Organizer',
    roles: [Role.Organizer, Role.Learner],
    department: 'Events',
    jobTitle: 'Community Manager',
  },
  {
    subject: 'demo-learner-1',
    email: 'liam.learner@weace.dev',
    name: 'Liam Learner',
    roles: [Role.Learner],
    department: 'Engineering',
    jobTitle: 'Software Engineer',
  },
  {
    subject: 'demo-learner-2',
    email: 'mia.martin@weace.dev',
    name: 'Mia Martin',
    roles: [Role.Learner],
    department: 'Sales',
    jobTitle: 'Account Executive',
  },
  {
    subject: 'demo-learner-3',
    email: 'noah.nguyen@weace.dev',
    name: 'Noah Nguyen',
    roles: [Role.Learner],
    department: 'Engineering',
    jobTitle: 'Data Analyst',
  },
  {
    subject: 'demo-learner-4',
    email: 'sofia.silva@weace.dev',
    name: 'Sofia Silva',
    roles: [Role.Learner],
    department: 'Marketing',
    jobTitle: 'Content Strategist',
  },
];
