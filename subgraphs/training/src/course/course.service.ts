import { parseObjectId } from '@weace/service-kit';
import type { EventBus } from '@weace/events';
import {
  BadUserInputError,
  type Connection,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  isDuplicateKeyError,
  paginate,
  givenFields,
} from '@weace/service-kit';
import { type ClientSession, Types } from 'mongoose';
import { type Actor, isAdmin } from '../caller';
import type { Clock } from '../clock';
import { isAuthorOf, mayAuthorCourses } from './course.access';
import type {
  CourseFilter,
  CoursesArgs,
  CreateCourseInput,
  UpdateCourseInput,
} from './course.inputs';
import { type Course, type CourseDocument, CourseModel, CourseStatus } from './course.model';

type Dates = Pick<Course, 'startsAt' | 'endsAt' | 'enrollmentOpensAt' | 'enrollmentClosesAt'>;

/** Pairs of dates where the second must come after the first. */
function checkDates({ startsAt, endsAt, enrollmentOpensAt, enrollmentClosesAt }: Dates): void {
  if (startsAt && endsAt && endsAt <= startsAt) {
    throw new BadUserInputError('endsAt must be after startsAt', 'endsAt');
  }
  if (enrollmentOpensAt && enrollmentClosesAt && enrollmentClosesAt <= enrollmentOpensAt) {
    throw new BadUserInputError(
      'enrollmentClosesAt must be after enrollmentOpensAt',
      'enrollmentClosesAt',
    );
  }
}

/** Courses: authoring by instructors and admins, reading by everyone signed in. */
export class CourseService {
  constructor(
    private readonly events: EventBus,
    private readonly now: Clock,
  ) {}

  async create(actor: Actor, input: CreateCourseInput): Promise<CourseDocument> {
    if (!mayAuthorCourses(actor)) {
      throw new ForbiddenError('Only coaches, organizers and admins author courses');
    }
    const instructorIds = new Set(input.instructorIds ?? []);
    if (!isAdmin(actor) && actor.userId) instructorIds.add(actor.userId);
    const fields = {
      ...givenFields(input),
      summary: input.summary ?? '',
      instructorIds: [...instructorIds],
      prerequisiteIds: await this.prerequisites(input.prerequisiteIds ?? [], null),
    };
    checkDates({
      startsAt: null,
      endsAt: null,
      enrollmentOpensAt: null,
      enrollmentClosesAt: null,
      ...fields,
    });
    try {
      return await CourseModel.create(fields);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new ConflictError(`A course with code ${input.code} exists`, 'code', 'CODE_TAKEN');
      }
      throw error;
    }
  }

  async update(actor: Actor, id: string, input: UpdateCourseInput): Promise<CourseDocument> {
    const course = await this.authored(actor, id);
    const fields: Partial<Course> = {
      ...givenFields(input),
      ...(input.summary === null && { summary: '' }),
      ...(input.prerequisiteIds && {
        prerequisiteIds: await this.prerequisites(input.prerequisiteIds, course._id),
      }),
      ...(input.instructorIds &&
        !isAdmin(actor) &&
        !input.instructorIds.includes(actor.userId!) && {
          instructorIds: [...input.instructorIds, actor.userId!],
        }),
    } as Partial<Course>;
    checkDates({ ...course.toObject<Dates>(), ...fields });
    // Guarded on `updatedAt`: a concurrent edit makes this one fail rather than mix the two.
    const updated = await CourseModel.findOneAndUpdate(
      { _id: course._id, updatedAt: course.updatedAt },
      { $set: fields },
      { returnDocument: 'after' },
    ).exec();
    if (!updated) throw new ConflictError('The course changed meanwhile; try again', 'id');
    return updated;
  }

  /** DRAFT → PUBLISHED, with `course.published`; publishing a published course changes nothing. */
  async publish(actor: Actor, id: string): Promise<CourseDocument> {
    const course = await this.authored(actor, id);
    if (course.status === CourseStatus.PUBLISHED) return course;
    return this.events.withTransaction(async (session) => {
      const published = await CourseModel.findOneAndUpdate(
        { _id: course._id, status: CourseStatus.DRAFT },
        { $set: { status: CourseStatus.PUBLISHED, publishedAt: this.now() } },
        { returnDocument: 'after', session },
      ).exec();
      if (!published) {
        throw new ConflictError('Only a draft can be published', 'id', 'COURSE_NOT_DRAFT');
      }
      await this.announcePublished(session, published, actor);
      return published;
    });
  }

  async archive(actor: Actor, id: string): Promise<CourseDocument> {
    const course = await this.authored(actor, id);
    const archived = await CourseModel.findOneAndUpdate(
      { _id: course._id },
      { $set: { status: CourseStatus.ARCHIVED } },
      { returnDocument: 'after' },
    ).exec();
    return archived!;
  }

  /** The courses the actor may see: learners PUBLISHED ones, instructors also their own, admins all. */
  list(actor: Actor, { filter, ...page }: CoursesArgs): Promise<Connection<Course>> {
    return paginate(CourseModel, this.visibleFilter(actor, filter ?? {}), page) as Promise<
      Connection<Course>
    >;
  }

  /** The course, or null when it does not exist or the actor may not see it. */
  async findVisible(actor: Actor, id: string): Promise<CourseDocument | null> {
    const course = await CourseModel.findById(parseObjectId(id, 'id')).exec();
    return course && this.isVisible(actor, course) ? course : null;
  }

  isVisible(actor: Actor, course: Course): boolean {
    return course.status === CourseStatus.PUBLISHED || isAuthorOf(actor, course);
  }

  /** The course if the actor authors it; NOT_FOUND or FORBIDDEN otherwise. */
  async authored(actor: Actor, id: string | Types.ObjectId): Promise<CourseDocument> {
    const course = await CourseModel.findById(
      typeof id === 'string' ? parseObjectId(id, 'courseId') : id,
    ).exec();
    if (!course || !this.isVisible(actor, course)) throw new NotFoundError('Course', String(id));
    if (!isAuthorOf(actor, course)) {
      throw new ForbiddenError(
        "Only the course's instructors and admins change it",
        'NOT_INSTRUCTOR',
      );
    }
    return course;
  }

  private visibleFilter(actor: Actor, filter: CourseFilter): Record<string, unknown> {
    const mine = actor.userId ? { instructorIds: actor.userId } : { _id: null };
    const own = filter.instructing ? mine : {};
    const status = filter.status ? { status: filter.status } : {};
    if (isAdmin(actor)) return { ...own, ...status };
    const visible = mayAuthorCourses(actor)
      ? { $or: [{ status: CourseStatus.PUBLISHED }, mine] }
      : { status: CourseStatus.PUBLISHED };
    return { $and: [visible, own, status] };
  }

  private async prerequisites(ids: readonly string[], self: Types.ObjectId | null) {
    const objectIds = ids.map((id) => new Types.ObjectId(id));
    if (self && objectIds.some((id) => id.equals(self))) {
      throw new BadUserInputError('A course cannot require itself', 'prerequisiteIds');
    }
    const found = await CourseModel.countDocuments({ _id: { $in: objectIds } }).exec();
    if (found !== objectIds.length) {
      throw new BadUserInputError(
        'Every prerequisite must be an existing course',
        'prerequisiteIds',
      );
    }
    return objectIds;
  }

  private async announcePublished(session: ClientSession, course: CourseDocument, actor: Actor) {
    await this.events.publish(session, {
      type: 'course.published',
      subject: course.id as string,
      payload: {
        courseId: course.id as string,
        courseTitle: course.title,
        code: course.code,
        instructorIds: [...course.instructorIds],
        startsAt: course.startsAt?.toISOString() ?? null,
        endsAt: course.endsAt?.toISOString() ?? null,
        validityDays: course.validityDays,
      },
      ...(actor.userId && { actorId: actor.userId }),
    });
  }
}
