import {
  type Connection,
  PageArgs,
  Role,
  type ServiceContext,
  callerUserId,
} from '@weace/service-kit';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Attempt, AttemptModel } from '../attempt/attempt.model';
import { Certificate } from '../certificate/certificate.model';
import { certificateByEnrollment } from '../certificate/certificate.loaders';
import { Course } from '../course/course.model';
import { courseById } from '../course/course.loaders';
import { IsObjectId } from '../input';
import { UserRef, userRef } from '../user/user.model';
import { EnrollmentConnection } from './enrollment.connection';
import { Enrollment, type EnrollmentDocument, EnrollmentStatus } from './enrollment.model';
import type { EnrollmentService } from './enrollment.service';
import { progressOf } from './progress';

@ArgsType()
class AssignCourseArgs {
  @Field(() => ID)
  courseId!: string;

  @Field(() => [ID])
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsObjectId(true)
  userIds!: string[];

  @Field(() => Date, {
    nullable: true,
    description: 'Past it, enrollment.overdue is published once',
  })
  dueAt?: Date | null;
}

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  constructor(private readonly enrollments: EnrollmentService) {}

  @Authorized()
  @Query(() => EnrollmentConnection, { description: 'Your enrollments, newest first' })
  myEnrollments(
    @Args() page: PageArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<Enrollment>> {
    return this.enrollments.listOf(callerUserId(context), page);
  }

  @Authorized()
  @Mutation(() => Enrollment, {
    description: 'Idempotent; BAD_USER_INPUT with the reason when the course is not open to you',
  })
  enroll(@Arg('courseId', () => ID) courseId: string, @Ctx() context: ServiceContext) {
    return this.enrollments.enroll(callerUserId(context), courseId);
  }

  @Authorized(Role.Admin)
  @Mutation(() => [Enrollment], { description: 'ADMIN: enrolls each person (ASSIGNED)' })
  assignCourse(
    @Args() { courseId, userIds, dueAt }: AssignCourseArgs,
    @Ctx() context: ServiceContext,
  ) {
    return this.enrollments.assign(callerUserId(context), courseId, userIds, dueAt ?? null);
  }

  @Authorized()
  @Mutation(() => Enrollment, { description: 'Leave the course; enrolling again starts afresh' })
  withdraw(@Arg('courseId', () => ID) courseId: string, @Ctx() context: ServiceContext) {
    return this.enrollments.withdraw(callerUserId(context), courseId);
  }

  @Authorized()
  @Mutation(() => Enrollment, {
    description: 'Opens the next certification cycle, from 30 days before the certificate expires',
  })
  recertify(@Arg('courseId', () => ID) courseId: string, @Ctx() context: ServiceContext) {
    return this.enrollments.recertify(callerUserId(context), courseId);
  }

  @Authorized()
  @Mutation(() => Enrollment, { description: 'Marks a released CONTENT lesson complete' })
  completeLesson(@Arg('lessonId', () => ID) lessonId: string, @Ctx() context: ServiceContext) {
    return this.enrollments.completeLesson(callerUserId(context), lessonId);
  }

  @FieldResolver(() => Float, {
    description:
      'Completed required lessons / required lessons, 0–100, exact: 100 only when all are',
  })
  async progress(@Root() enrollment: EnrollmentDocument, @Ctx() context: ServiceContext) {
    if (enrollment.status === EnrollmentStatus.COMPLETED) return 100;
    const course = await context.loaders.get(courseById).load(String(enrollment.courseId));
    return progressOf(course?.requiredLessonIds ?? [], enrollment.completedLessonIds);
  }

  @FieldResolver(() => Course)
  course(@Root() enrollment: EnrollmentDocument, @Ctx() context: ServiceContext) {
    return context.loaders.get(courseById).load(String(enrollment.courseId));
  }

  @FieldResolver(() => UserRef)
  learner(@Root() enrollment: EnrollmentDocument): UserRef {
    return userRef(enrollment.userId);
  }

  @FieldResolver(() => Certificate, { nullable: true, description: "This cycle's, once completed" })
  certificate(@Root() enrollment: EnrollmentDocument, @Ctx() context: ServiceContext) {
    if (enrollment.status !== EnrollmentStatus.COMPLETED) return null;
    return context.loaders.get(certificateByEnrollment).load(enrollment.id as string);
  }

  @FieldResolver(() => [Attempt], { description: "This cycle's attempts, oldest first" })
  attempts(@Root() enrollment: EnrollmentDocument) {
    return AttemptModel.find({
      userId: enrollment.userId,
      courseId: enrollment.courseId,
      cycle: enrollment.cycle,
    })
      .sort({ _id: 1 })
      .exec();
  }
}
