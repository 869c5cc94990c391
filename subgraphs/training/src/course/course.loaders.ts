import { type ServiceContext, byKeys, defineLoader } from '@weace/service-kit';
import { type CourseDocument, CourseModel } from './course.model';

/** Courses by id, one `find` per request: enrollments, certificates and references come through here. */
export const courseById = defineLoader<string, CourseDocument | null, ServiceContext>({
  name: 'courseById',
  async batch(ids) {
    const courses = await CourseModel.find({ _id: { $in: ids } }).exec();
    return byKeys(ids, courses, (course) => course.id as string);
  },
});
