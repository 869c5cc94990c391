import type { Types } from 'mongoose';

/** The largest double below 100: what a course short of even one lesson can show at most. */
const BELOW_100 = 100 - 100 * Number.EPSILON;

/**
 * Progress, 0–100: completed required lessons over required lessons, exact
 * (199 of 200 is 99.5). Only lessons still required count, so it never passes
 * 100, and it is 100 exactly when every required lesson is complete. A course
 * without required lessons is complete by definition.
 */
export function progressOf(
  requiredLessonIds: readonly Types.ObjectId[],
  completedLessonIds: readonly Types.ObjectId[],
): number {
  if (requiredLessonIds.length === 0) return 100;
  const completed = new Set(completedLessonIds.map(String));
  const done = requiredLessonIds.filter((id) => completed.has(String(id))).length;
  if (done === requiredLessonIds.length) return 100;
  return Math.min((done * 100) / requiredLessonIds.length, BELOW_100);
}

export function isComplete(
  requiredLessonIds: readonly Types.ObjectId[],
  completedLessonIds: readonly Types.ObjectId[],
): boolean {
  return progressOf(requiredLessonIds, completedLessonIds) === 100;
}
