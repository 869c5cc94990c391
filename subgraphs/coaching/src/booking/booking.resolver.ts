import {
  type Connection,
  ConnectionType,
  ForbiddenError,
  type ServiceContext,
  paginate,
} from '@weace/service-kit';
import { Types } from 'mongoose';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { type Actor, actorOf, isAdmin } from '../caller';
import { CoachProfile, type CoachProfileDocument } from '../coach/coach-profile.model';
import { coachById } from '../coach/coach.loaders';
import { User } from '../coach/user.reference';
import { SessionType, type SessionTypeDocument } from '../session-type/session-type.model';
import { sessionTypeById } from '../session-type/session-type.loaders';
import {
  BookSessionInput,
  CancelSessionArgs,
  MySessionsArgs,
  Slot,
  SlotsArgs,
} from './booking.inputs';
import type { BookingService } from './booking.service';
import { sessionIcs } from './session.events';
import { sessionById } from './session.loaders';
import {
  CoachingSession,
  type CoachingSessionDocument,
  CoachingSessionModel,
} from './session.model';
import type { SlotsService } from './slots.service';

@ObjectType()
export class CoachingSessionConnection extends ConnectionType(CoachingSession) {}

/** A session is the business of its coach, its coachee and ADMIN (who never sees notes). */
export function mayRead(actor: Actor, session: CoachingSessionDocument): boolean {
  return session.coachId === actor.userId || session.coacheeId === actor.userId || isAdmin(actor);
}

@Resolver(() => CoachingSession)
export class BookingResolver {
  constructor(
    private readonly bookings: BookingService,
    private readonly slots: SlotsService,
  ) {}

  @Authorized()
  @Query(() => [Slot], {
    description: 'Bookable starts between from and to (at most 62 days): a plain list',
  })
  async availableSlots(@Args() args: SlotsArgs, @Ctx() context: ServiceContext): Promise<Slot[]> {
    const slots = await this.slots.availableSlots(
      actorOf(context),
      args.coachId,
      args.sessionTypeId,
      args.from,
      args.to,
    );
    return slots.map(({ start, end }) => ({ startsAt: start, endsAt: end }));
  }

  @Authorized()
  @Query(() => CoachingSessionConnection, {
    description: 'Sessions the caller coaches or attends, by start time',
  })
  mySessions(
    @Args() { filter, ...page }: MySessionsArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<CoachingSessionDocument>> {
    const { userId } = actorOf(context);
    return paginate(
      CoachingSessionModel,
      {
        $or: [{ coachId: userId }, { coacheeId: userId }],
        ...(filter?.status && { status: filter.status }),
        ...(filter?.from && { startsAt: { $gte: filter.from } }),
      },
      page,
      { sort: { field: 'startsAt' } },
    ) as Promise<Connection<CoachingSessionDocument>>;
  }

  @Authorized()
  @Query(() => CoachingSession, { nullable: true })
  async coachingSession(
    @Arg('id', () => ID) id: string,
    @Ctx() context: ServiceContext,
  ): Promise<CoachingSessionDocument | null> {
    const actor = actorOf(context);
    const session = Types.ObjectId.isValid(id) ? await CoachingSessionModel.findById(id) : null;
    if (!session) return null;
    if (!mayRead(actor, session)) throw new ForbiddenError('Not your session');
    return session;
  }

  @Authorized()
  @Mutation(() => CoachingSession, {
    description: 'CONFLICT (SLOT_TAKEN) when the time was taken meanwhile',
  })
  bookSession(
    @Arg('input') input: BookSessionInput,
    @Ctx() context: ServiceContext,
  ): Promise<CoachingSessionDocument> {
    return this.bookings.book(actorOf(context), input);
  }

  @Authorized()
  @Mutation(() => CoachingSession, {
    description: 'FORBIDDEN (CANCELLATION_WINDOW_CLOSED) for a coachee inside the notice',
  })
  cancelSession(
    @Args() { id, reason }: CancelSessionArgs,
    @Ctx() context: ServiceContext,
  ): Promise<CoachingSessionDocument> {
    return this.bookings.cancel(actorOf(context), id, reason ?? null);
  }

  @Authorized()
  @Mutation(() => CoachingSession, {
    description: 'The new session, linked to the old one by rescheduledFrom',
  })
  rescheduleSession(
    @Arg('id', () => ID) id: string,
    @Arg('startsAt') startsAt: Date,
    @Ctx() context: ServiceContext,
  ): Promise<CoachingSessionDocument> {
    return this.bookings.reschedule(actorOf(context), id, startsAt);
  }

  @Authorized()
  @Mutation(() => CoachingSession, {
    description: 'The coach marks it held, or the coachee absent',
  })
  completeSession(
    @Arg('id', () => ID) id: string,
    @Arg('noShow', { defaultValue: false }) noShow: boolean,
    @Ctx() context: ServiceContext,
  ): Promise<CoachingSessionDocument> {
    return this.bookings.complete(actorOf(context), id, noShow);
  }

  @FieldResolver(() => CoachProfile, { nullable: true })
  coach(
    @Root() session: CoachingSessionDocument,
    @Ctx() context: ServiceContext,
  ): Promise<CoachProfileDocument | null> {
    return context.loaders.get(coachById).load(session.coachId);
  }

  @FieldResolver(() => User)
  coachee(@Root() session: CoachingSessionDocument): User {
    return { id: session.coacheeId };
  }

  @FieldResolver(() => SessionType, { nullable: true })
  sessionType(
    @Root() session: CoachingSessionDocument,
    @Ctx() context: ServiceContext,
  ): Promise<SessionTypeDocument | null> {
    return context.loaders.get(sessionTypeById).load(session.sessionTypeId.toHexString());
  }

  @FieldResolver(() => CoachingSession, {
    nullable: true,
    description: 'The session this one replaced when it was rescheduled',
  })
  async rescheduledFrom(
    @Root() session: CoachingSessionDocument,
    @Ctx() context: ServiceContext,
  ): Promise<CoachingSessionDocument | null> {
    return session.rescheduledFrom
      ? context.loaders.get(sessionById).load(session.rescheduledFrom.toHexString())
      : null;
  }

  @FieldResolver(() => String, { description: 'The session as an ICS calendar entry' })
  ics(@Root() session: CoachingSessionDocument): string {
    return sessionIcs(session);
  }
}
