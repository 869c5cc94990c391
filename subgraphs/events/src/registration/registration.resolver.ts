import {
  type Connection,
  ConnectionType,
  PageArgs,
  type ServiceContext,
  paginate,
} from '@weace/service-kit';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { actorOf, optionalActorOf } from '../actor';
import { eventById } from '../event/event.loaders';
import { Event, type EventDocument } from '../event/event.model';
import { User, userRef } from '../user/user.model';
import {
  EventRegistration,
  type RegistrationDocument,
  RegistrationModel,
  RegistrationStatus,
} from './registration.model';
import { type RegistrationService, managesEvent } from './registration.service';

@ObjectType({ description: 'A page of registrations' })
export class EventRegistrationConnection extends ConnectionType(EventRegistration) {}

@Resolver(() => EventRegistration)
export class RegistrationResolver {
  constructor(private readonly registrations: RegistrationService) {}

  @Authorized()
  @Mutation(() => EventRegistration, {
    description: 'CONFIRMED with a seat left, else WAITLISTED (or CONFLICT EVENT_FULL); idempotent',
  })
  registerForEvent(@Arg('eventId', () => ID) eventId: string, @Ctx() context: ServiceContext) {
    return this.registrations.register(actorOf(context), eventId);
  }

  @Authorized()
  @Mutation(() => EventRegistration, {
    description: 'Your own until selfCancelUntil; organisers any time, with a reason',
  })
  cancelRegistration(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() context: ServiceContext,
  ) {
    return this.registrations.cancel(actorOf(context), id, reason ?? null);
  }

  @Authorized()
  @Mutation(() => EventRegistration, {
    description: 'Takes the seat a waitlist offer holds for you',
  })
  claimWaitlistOffer(
    @Arg('registrationId', () => ID) registrationId: string,
    @Ctx() context: ServiceContext,
  ) {
    return this.registrations.claimOffer(actorOf(context), registrationId);
  }

  @Authorized()
  @Query(() => EventRegistrationConnection, { description: 'Your registrations, oldest first' })
  myRegistrations(
    @Args() page: PageArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<RegistrationDocument>> {
    return paginate(RegistrationModel, { userId: actorOf(context).userId }, page) as Promise<
      Connection<RegistrationDocument>
    >;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'WAITLISTED: the live rank in the waitlist, from 1',
  })
  position(@Root() registration: RegistrationDocument): Promise<number | null> {
    return this.registrations.position(registration);
  }

  @FieldResolver(() => Event)
  async event(
    @Root() registration: RegistrationDocument,
    @Ctx() context: ServiceContext,
  ): Promise<EventDocument> {
    return (await context.loaders.get(eventById).load(registration.eventId.toHexString()))!;
  }

  @FieldResolver(() => User)
  user(@Root() registration: RegistrationDocument): User {
    return userRef(registration.userId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Shown at the door; for its owner and the organisers only',
  })
  async ticketCode(
    @Root() registration: RegistrationDocument,
    @Ctx() context: ServiceContext,
  ): Promise<string | null> {
    const actor = optionalActorOf(context);
    if (!actor) return null;
    if (registration.userId === actor.userId) return registration.ticketCode;
    const event = await this.event(registration, context);
    return managesEvent(actor, event) ? registration.ticketCode : null;
  }
}

/** An event's registrations, for its organisers: the waitlist in its order. */
@Resolver(() => Event)
export class EventRegistrationsResolver {
  @FieldResolver(() => EventRegistrationConnection, {
    nullable: true,
    description: 'For its organisers (null for others); WAITLISTED lists in waitlist order',
  })
  registrations(
    @Root() event: EventDocument,
    @Args() page: PageArgs,
    @Arg('status', () => RegistrationStatus, { nullable: true }) status: RegistrationStatus | null,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<RegistrationDocument>> | null {
    const actor = optionalActorOf(context);
    if (!actor || !managesEvent(actor, event)) return null;
    return paginate(
      RegistrationModel,
      { eventId: event._id, ...(status && { status }) },
      page,
      status === RegistrationStatus.WAITLISTED ? { sort: { field: 'waitlistTicket' } } : {},
    ) as Promise<Connection<RegistrationDocument>>;
  }
}
