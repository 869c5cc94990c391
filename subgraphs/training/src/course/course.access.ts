import { Role } from '@weace/service-kit';
import { type Actor, isAdmin } from '../caller';
import type { Course } from './course.model';

/** Who may author courses at all: COACHes, ORGANIZERs and ADMINs. */
export function mayAuthorCourses(actor: Actor): boolean {
  return [Role.Admin, Role.Coach, Role.Organizer].some((role) => actor.roles.includes(role));
}

/** Instructors named on the course (COACH or ORGANIZER) and ADMINs author it and see all of it. */
export function isAuthorOf(actor: Actor, course: Pick<Course, 'instructorIds'>): boolean {
  if (isAdmin(actor)) return true;
  return (
    actor.userId !== null &&
    course.instructorIds.includes(actor.userId) &&
    (actor.roles.includes(Role.Coach) || actor.roles.includes(Role.Organizer))
  );
}
