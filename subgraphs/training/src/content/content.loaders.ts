import { type ServiceContext, defineLoader } from '@weace/service-kit';
import { Types } from 'mongoose';
import {
  type CourseModuleDocument,
  CourseModuleModel,
  type LessonDocument,
  LessonModel,
} from './content.model';

function groupBy<T>(keys: readonly string[], items: readonly T[], keyOf: (item: T) => string) {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const item of items) groups.get(keyOf(item))?.push(item);
  return keys.map((key) => groups.get(key)!);
}

/** The modules of each course, in order, one `find` per request. */
export const modulesByCourse = defineLoader<string, CourseModuleDocument[], ServiceContext>({
  name: 'modulesByCourse',
  async batch(courseIds) {
    const modules = await CourseModuleModel.find({
      courseId: { $in: courseIds.map((id) => new Types.ObjectId(id)) },
    })
      .sort({ courseId: 1, position: 1, _id: 1 })
      .exec();
    return groupBy(courseIds, modules, (module) => String(module.courseId));
  },
});

/** The lessons of each module, in order, one `find` per request. */
export const lessonsByModule = defineLoader<string, LessonDocument[], ServiceContext>({
  name: 'lessonsByModule',
  async batch(moduleIds) {
    const lessons = await LessonModel.find({
      moduleId: { $in: moduleIds.map((id) => new Types.ObjectId(id)) },
    })
      .sort({ moduleId: 1, position: 1, _id: 1 })
      .exec();
    return groupBy(moduleIds, lessons, (lesson) => String(lesson.moduleId));
  },
});

export const moduleById = defineLoader<string, CourseModuleDocument | null, ServiceContext>({
  name: 'moduleById',
  async batch(ids) {
    const modules = await CourseModuleModel.find({ _id: { $in: ids } }).exec();
    return ids.map((id) => modules.find((module) => module.id === id) ?? null);
  },
});
