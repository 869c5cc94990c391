import { type Connection, PageArgs, type ServiceContext } from '@weace/service-kit';
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
import { ConnectionType } from '@weace/service-kit';
import { actorOf, optionalActorOf } from '../actor';
import { registrationOfPerson } from '../registration/registration.loaders';
import {
  EventRegistration,
  type RegistrationDocument,
  RegistrationStatus,
} from '../registration/registration.model';
import { managesEvent } from '../registration/registration.service';
import { User, userRef } from '../user/user.model';
import { waitlistLength } from './event.loaders';
import { CreateEventInput, EventFilter, UpdateEventInput } from './event.inputs';
import { Event, type EventDocument } from './event.model';
import type { EventService } from './event.service';

@ObjectType({ description: 'A page of events, soonest first' })
export class EventConnection extends ConnectionType(Event) {}

/** Where the service is reached from outside (calendar links). */
export interface PublicLinks {
  readonly publicUrl: string;
}

// Roots are typed as the mongoose document (a type alias): typed as the class,
// type-graphql would copy it into a new instance and lose its getters.
@Resolver(() => Event)
export class EventResolver {
  constructor(
    private readonly eventService: EventService,
    private readonly links: PublicLinks,
  ) {}

  @Query(() => EventConnection, { description: 'Published events, upcoming unless filtered' })
  events(
    @Args() page: PageArgs,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter,
  ): Promise<Connection<EventDocument>> {
    return this.eventService.list(filter, page);
  }

  @Query(() => Event, { nullable: true })
  event(
    @Arg('id', () => ID) id: string,
    @Ctx() context: ServiceContext,
  ): Promise<EventDocument | null> {
    return this.eventService.find(optionalActorOf(context), id);
  }

  @Authorized()
  @Mutation(() => Event, { description: 'A new DRAFT event; ORGANIZER or ADMIN' })
  createEvent(@Arg('input') input: CreateEventInput, @Ctx() context: ServiceContext) {
    return this.eventService.create(actorOf(context), input);
  }

  @Authorized()
  @Mutation(() => Event, { description: 'Time or place changes are announced to registrants' })
  updateEvent(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateEventInput,
    @Ctx() context: ServiceContext,
  ) {
    return this.eventService.update(actorOf(context), id, input);
  }

  @Authorized()
  @Mutation(() => Event, { description: 'Opens the event to registration; idempotent' })
  publishEvent(@Arg('id', () => ID) id: string, @Ctx() context: ServiceContext) {
    return this.eventService.publish(actorOf(context), id);
  }

  @Authorized()
  @Mutation(() => Event, { description: 'Cancels the event and every registration; idempotent' })
  cancelEvent(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() context: ServiceContext,
  ) {
    return this.eventService.cancel(actorOf(context), id, reason ?? null);
  }

  @FieldResolver(() => Int)
  seatsLeft(@Root() event: EventDocument): number {
    return Math.max(0, event.seatsLeft);
  }

  @FieldResolver(() => Int, { description: 'People waiting for a seat' })
  waitlistLength(@Root() event: EventDocument, @Ctx() context: ServiceContext): Promise<number> {
    return context.loaders.get(waitlistLength).load(event.id as string);
  }

  @FieldResolver(() => EventRegistration, {
    nullable: true,
    description: "The caller's registration",
  })
  async myRegistration(
    @Root() event: EventDocument,
    @Ctx() context: ServiceContext,
  ): Promise<RegistrationDocument | null> {
    const actor = optionalActorOf(context);
    if (!actor) return null;
    return context.loaders
      .get(registrationOfPerson)
      .load({ eventId: event.id as string, userId: actor.userId });
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'ONLINE and HYBRID: for confirmed registrants and organisers only',
  })
  async joinUrl(
    @Root() event: EventDocument,
    @Ctx() context: ServiceContext,
  ): Promise<string | null> {
    const actor = optionalActorOf(context);
    if (!event.joinUrl || !actor) return null;
    if (managesEvent(actor, event)) return event.joinUrl;
    const mine = await this.myRegistration(event, context);
    return mine?.status === RegistrationStatus.CONFIRMED ? event.joinUrl : null;
  }

  @FieldResolver(() => String, { description: 'The event as a calendar file (public)' })
  icsUrl(@Root() event: EventDocument): string {
    return `${this.links.publicUrl}/calendar/events/${event.id as string}.ics`;
  }

  @FieldResolver(() => [User])
  organizers(@Root() event: EventDocument): User[] {
    return event.organizerIds.map(userRef);
  }
}
