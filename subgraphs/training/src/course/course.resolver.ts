import { type Connection, type ServiceContext, callerUserId } from '@weace/service-kit';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { actorOf } from '../caller';
import { CourseModule } from '../content/content.model';
import { modulesByCourse } from '../content/content.loaders';
import { Enrollment } from '../enrollment/enrollment.model';
import { currentEnrollment } from '../enrollment/enrollment.loaders';
import { UserRef, userRef } from '../user/user.model';
import type { Clock } from '../clock';
import { isAuthorOf } from './course.access';
import { CourseConnection } from './course.connection';
import { CoursesArgs, CreateCourseInput, UpdateCourseInput } from './course.inputs';
import { courseById } from './course.loaders';
import { Course, type CourseDocument } from './course.model';
import type { CourseService } from './course.service';

@Resolver(() => Course)
export class CourseResolver {
  constructor(
    private readonly service: CourseService,
    private readonly now: Clock,
  ) {}

  @Authorized()
  @Query(() => CourseConnection, {
    description: 'Learners see PUBLISHED courses; instructors also theirs; admins all',
  })
  courses(@Args() args: CoursesArgs, @Ctx() context: ServiceContext): Promise<Connection<Course>> {
    return this.service.list(actorOf(context.caller), args);
  }

  @Authorized()
  @Query(() => Course, { nullable: true, description: 'null when absent or not visible to you' })
  course(@Arg('id', () => ID) id: string, @Ctx() context: ServiceContext): Promise<Course | null> {
    return this.service.findVisible(actorOf(context.caller), id);
  }

  @Authorized()
  @Mutation(() => Course, {
    description: 'COACH, ORGANIZER or ADMIN; a non-admin author instructs it',
  })
  createCourse(
    @Arg('input') input: CreateCourseInput,
    @Ctx() context: ServiceContext,
  ): Promise<Course> {
    callerUserId(context);
    return this.service.create(actorOf(context.caller), input);
  }

  @Authorized()
  @Mutation(() => Course)
  updateCourse(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateCourseInput,
    @Ctx() context: ServiceContext,
  ): Promise<Course> {
    return this.service.update(actorOf(context.caller), id, input);
  }

  @Authorized()
  @Mutation(() => Course, { description: 'DRAFT → PUBLISHED (course.published)' })
  publishCourse(@Arg('id', () => ID) id: string, @Ctx() context: ServiceContext): Promise<Course> {
    return this.service.publish(actorOf(context.caller), id);
  }

  @Authorized()
  @Mutation(() => Course, {
    description: 'Closed to new enrollments; certificates stay verifiable',
  })
  archiveCourse(@Arg('id', () => ID) id: string, @Ctx() context: ServiceContext): Promise<Course> {
    return this.service.archive(actorOf(context.caller), id);
  }

  @FieldResolver(() => [UserRef])
  instructors(@Root() course: CourseDocument): UserRef[] {
    return course.instructorIds.map(userRef);
  }

  @FieldResolver(() => [Course], { description: 'All must be passed before self-enrollment' })
  async prerequisites(@Root() course: CourseDocument, @Ctx() context: ServiceContext) {
    const found = await context.loaders
      .get(courseById)
      .loadMany(course.prerequisiteIds.map(String));
    return found.filter((item): item is CourseDocument => !!item && !(item instanceof Error));
  }

  @FieldResolver(() => [CourseModule], {
    description: 'In order; learners see a module once released',
  })
  async modules(@Root() course: CourseDocument, @Ctx() context: ServiceContext) {
    const modules = await context.loaders.get(modulesByCourse).load(course.id as string);
    if (isAuthorOf(actorOf(context.caller), course)) return modules;
    const now = this.now();
    return modules.filter((module) => !module.releaseAt || module.releaseAt <= now);
  }

  @FieldResolver(() => Enrollment, { nullable: true, description: 'Your current enrollment' })
  myEnrollment(@Root() course: CourseDocument, @Ctx() context: ServiceContext) {
    const { userId } = actorOf(context.caller);
    if (!userId) return null;
    return context.loaders.get(currentEnrollment).load({ userId, courseId: course.id as string });
  }
}

/** How the gateway's `_entities` fetches find courses, batched per request. */
export const courseReference = {
  __resolveReference(reference: { id: string }, context: ServiceContext) {
    return context.loaders.get(courseById).load(reference.id);
  },
};
