import type { ServiceContext } from '@weace/service-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf } from '../caller';
import type { Clock } from '../clock';
import { Assessment } from '../assessment/assessment.model';
import { assessmentByLesson } from '../assessment/assessment.loaders';
import { currentEnrollment } from '../enrollment/enrollment.loaders';
import { ContentAccess, contentAccess } from './content.access';
import { LessonInput, ModuleInput } from './content.inputs';
import { lessonsByModule, moduleById } from './content.loaders';
import {
  CourseModule,
  type CourseModuleDocument,
  Lesson,
  type LessonDocument,
  releaseOf,
} from './content.model';
import type { ContentService } from './content.service';

@Resolver(() => CourseModule)
export class ModuleResolver {
  constructor(
    private readonly content: ContentService,
    private readonly now: Clock,
  ) {}

  @Authorized()
  @Mutation(() => CourseModule, { description: "The course's instructors and admins" })
  addModule(
    @Arg('courseId', () => ID) courseId: string,
    @Arg('input') input: ModuleInput,
    @Ctx() context: ServiceContext,
  ): Promise<CourseModule> {
    return this.content.addModule(actorOf(context.caller), courseId, input);
  }

  @FieldResolver(() => [Lesson], { description: 'In order; learners see a lesson once released' })
  async lessons(@Root() module: CourseModuleDocument, @Ctx() context: ServiceContext) {
    const [lessons, access] = await Promise.all([
      context.loaders.get(lessonsByModule).load(module.id as string),
      contentAccess(String(module.courseId), context),
    ]);
    if (access === ContentAccess.AUTHOR) return lessons;
    const now = this.now();
    return lessons.filter((lesson) => {
      const release = releaseOf(lesson, module);
      return !release || release <= now;
    });
  }
}

/** Lesson content goes to authors and enrolled learners; others see the outline. */
@Resolver(() => Lesson)
export class LessonResolver {
  constructor(private readonly content: ContentService) {}

  @Authorized()
  @Mutation(() => Lesson, { description: "The course's instructors and admins" })
  addLesson(
    @Arg('moduleId', () => ID) moduleId: string,
    @Arg('input') input: LessonInput,
    @Ctx() context: ServiceContext,
  ): Promise<Lesson> {
    return this.content.addLesson(actorOf(context.caller), moduleId, input);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: "Its own release date, else its module's",
  })
  async releaseAt(@Root() lesson: LessonDocument, @Ctx() context: ServiceContext) {
    const module = await context.loaders.get(moduleById).load(String(lesson.moduleId));
    return module ? releaseOf(lesson, module) : lesson.releaseAt;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Authors and enrolled learners' })
  async body(@Root() lesson: LessonDocument, @Ctx() context: ServiceContext) {
    return (await this.readable(lesson, context)) ? lesson.body : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Authors and enrolled learners' })
  async videoUrl(@Root() lesson: LessonDocument, @Ctx() context: ServiceContext) {
    return (await this.readable(lesson, context)) ? lesson.videoUrl : null;
  }

  @FieldResolver(() => Assessment, { nullable: true, description: 'Authors and enrolled learners' })
  async assessment(@Root() lesson: LessonDocument, @Ctx() context: ServiceContext) {
    if (!(await this.readable(lesson, context))) return null;
    return context.loaders.get(assessmentByLesson).load(lesson.id as string);
  }

  @FieldResolver(() => Boolean, { description: 'Complete in your current enrollment' })
  async completed(@Root() lesson: LessonDocument, @Ctx() context: ServiceContext) {
    const { userId } = actorOf(context.caller);
    if (!userId) return false;
    const enrollment = await context.loaders
      .get(currentEnrollment)
      .load({ userId, courseId: String(lesson.courseId) });
    return !!enrollment?.completedLessonIds.some((id) => id.equals(lesson._id));
  }

  private async readable(lesson: LessonDocument, context: ServiceContext): Promise<boolean> {
    return (await contentAccess(String(lesson.courseId), context)) !== ContentAccess.OUTLINE;
  }
}
