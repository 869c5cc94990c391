import type { ServiceContext } from '@weace/service-kit';
import { actorOf } from '../caller';
import { isAuthorOf } from '../course/course.access';
import { courseById } from '../course/course.loaders';
import { currentEnrollment } from '../enrollment/enrollment.loaders';

/** What the caller may see of a course's content: everything (authors), released content (enrolled), the outline (others). */
export enum ContentAccess {
  AUTHOR = 'AUTHOR',
  ENROLLED = 'ENROLLED',
  OUTLINE = 'OUTLINE',
}

/** Batched through the request's loaders: a course's lessons ask once per course. */
export async function contentAccess(
  courseId: string,
  context: ServiceContext,
): Promise<ContentAccess> {
  const actor = actorOf(context.caller);
  const course = await context.loaders.get(courseById).load(courseId);
  if (course && isAuthorOf(actor, course)) return ContentAccess.AUTHOR;
  if (!actor.userId) return ContentAccess.OUTLINE;
  const enrollment = await context.loaders
    .get(currentEnrollment)
    .load({ userId: actor.userId, courseId });
  return enrollment ? ContentAccess.ENROLLED : ContentAccess.OUTLINE;
}
