import { type ServiceContext, byKeys, defineLoader } from '@weace/service-kit';
import { Types } from 'mongoose';
import { type EnrollmentDocument, EnrollmentModel } from './enrollment.model';

export interface CurrentKey {
  readonly userId: string;
  readonly courseId: string;
}

/** The current enrollment of (person, course) pairs, one `find` per request. */
export const currentEnrollment = defineLoader<
  CurrentKey,
  EnrollmentDocument | null,
  ServiceContext
>({
  name: 'currentEnrollment',
  cacheKey: ({ userId, courseId }) => `${userId}:${courseId}`,
  async batch(keys) {
    const enrollments = await EnrollmentModel.find({
      current: true,
      $or: keys.map(({ userId, courseId }) => ({ userId, courseId: new Types.ObjectId(courseId) })),
    }).exec();
    return keys.map(
      ({ userId, courseId }) =>
        enrollments.find((e) => e.userId === userId && String(e.courseId) === courseId) ?? null,
    );
  },
});

export const enrollmentById = defineLoader<string, EnrollmentDocument | null, ServiceContext>({
  name: 'enrollmentById',
  async batch(ids) {
    const enrollments = await EnrollmentModel.find({ _id: { $in: ids } }).exec();
    return byKeys(ids, enrollments, (enrollment) => enrollment.id as string);
  },
});
