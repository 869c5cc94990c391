import { parseObjectId } from '@weace/service-kit';
import type { EventBus } from '@weace/events';
import { NotFoundError } from '@weace/service-kit';
import type { Actor } from '../caller';
import type { CourseService } from '../course/course.service';
import { CourseModel } from '../course/course.model';
import type { LessonInput, ModuleInput } from './content.inputs';
import {
  type CourseModuleDocument,
  CourseModuleModel,
  type LessonDocument,
  LessonKind,
  LessonModel,
} from './content.model';

/** Modules and lessons, authored by the course's instructors and admins. */
export class ContentService {
  constructor(
    private readonly events: EventBus,
    private readonly courses: CourseService,
  ) {}

  async addModule(
    actor: Actor,
    courseId: string,
    input: ModuleInput,
  ): Promise<CourseModuleDocument> {
    const course = await this.courses.authored(actor, courseId);
    const position =
      input.position ?? (await CourseModuleModel.countDocuments({ courseId: course._id }).exec());
    return CourseModuleModel.create({
      courseId: course._id,
      title: input.title,
      position,
      releaseAt: input.releaseAt ?? null,
    });
  }

  /** Adds the lesson; a required one joins the course's required lessons in the same transaction. */
  async addLesson(actor: Actor, moduleId: string, input: LessonInput): Promise<LessonDocument> {
    const module = await CourseModuleModel.findById(parseObjectId(moduleId, 'moduleId')).exec();
    if (!module) throw new NotFoundError('Module', moduleId);
    const course = await this.courses.authored(actor, module.courseId);
    const required = input.required ?? true;
    return this.events.withTransaction(async (session) => {
      const position =
        input.position ??
        (await LessonModel.countDocuments({ moduleId: module._id }).session(session).exec());
      const [lesson] = await LessonModel.create(
        [
          {
            courseId: course._id,
            moduleId: module._id,
            title: input.title,
            kind: input.kind,
            position,
            required,
            releaseAt: input.releaseAt ?? null,
            ...(input.kind === LessonKind.CONTENT && {
              body: input.body ?? null,
              videoUrl: input.videoUrl ?? null,
            }),
            ...(input.kind === LessonKind.EVENT && { eventId: input.eventId! }),
          },
        ],
        { session },
      );
      if (required) {
        await CourseModel.updateOne(
          { _id: course._id },
          { $addToSet: { requiredLessonIds: lesson!._id } },
          { session },
        ).exec();
      }
      return lesson!;
    });
  }
}
