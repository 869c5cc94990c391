import type { EventBus, Scheduler } from '@weace/events';
import {
  BadUserInputError,
  ConflictError,
  type Connection,
  ForbiddenError,
  NotFoundError,
  type PageArgs,
  paginate,
} from '@weace/service-kit';
import type { ClientSession, QueryFilter, Types } from 'mongoose';
import { type Actor, canOrganise } from '../actor';
import { type Clock, wallTimeOf } from '../clock';
import { RegistrationModel, RegistrationStatus } from '../registration/registration.model';
import {
  type RegistrationService,
  managesEvent,
  objectIdOf,
} from '../registration/registration.service';
import type { Waitlist } from '../registration/waitlist';
import { type EventChange, announceEvent } from './event.events';
import type { CreateEventInput, EventFilter, UpdateEventInput } from './event.inputs';
import {
  type Event,
  type EventDocument,
  EventFormat,
  EventModel,
  EventStatus,
} from './event.model';

export const REMINDER_JOB = 'event.reminder';
const DAY_MS = 86_400_000;

const reminderKey = (eventId: string) => `event-reminder:${eventId}`;

const TIME_FIELDS = ['startsAt', 'endsAt', 'allDay', 'timeZone'] as const;
const PLACE_FIELDS = ['format', 'joinUrl', 'venueName', 'address'] as const;

/** The shape of an event a create or an update leaves behind, checked as a whole. */
type EventShape = Pick<
  Event,
  | 'format'
  | 'joinUrl'
  | 'venueName'
  | 'startsAt'
  | 'endsAt'
  | 'registrationOpensAt'
  | 'registrationClosesAt'
  | 'selfCancelUntil'
>;

/** The rules across fields that class-validator cannot state; BAD_USER_INPUT names the field. */
export function assertConsistent(shape: EventShape): void {
  if (shape.endsAt <= shape.startsAt) {
    throw new BadUserInputError('endsAt must be after startsAt', 'endsAt');
  }
  if (shape.format !== EventFormat.VENUE && !shape.joinUrl) {
    throw new BadUserInputError(`A ${shape.format} event needs a joinUrl`, 'joinUrl');
  }
  if (shape.format !== EventFormat.ONLINE && !shape.venueName) {
    throw new BadUserInputError(`A ${shape.format} event needs a venueName`, 'venueName');
  }
  if (shape.registrationClosesAt && shape.registrationClosesAt > shape.startsAt) {
    throw new BadUserInputError(
      'registrationClosesAt must not be after startsAt',
      'registrationClosesAt',
    );
  }
  if (
    shape.registrationOpensAt &&
    shape.registrationOpensAt >= (shape.registrationClosesAt ?? shape.startsAt)
  ) {
    throw new BadUserInputError(
      'registrationOpensAt must be before registration closes',
      'registrationOpensAt',
    );
  }
  if (shape.selfCancelUntil && shape.selfCancelUntil > shape.startsAt) {
    throw new BadUserInputError('selfCancelUntil must not be after startsAt', 'selfCancelUntil');
  }
}

/** Events: organising them (create, change, publish, cancel) and listing them. */
export class EventService {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: Scheduler,
    private readonly registrations: RegistrationService,
    private readonly waitlist: Waitlist,
    private readonly clock: Clock,
  ) {}

  /** Registers the reminder job's handler (once, when the service starts). */
  defineJobs(): void {
    this.jobs.define(REMINDER_JOB, async (job, { session }) => {
      const { eventId } = job.data as { eventId: string };
      await this.remind(eventId, session);
    });
  }

  /** A new DRAFT event organised by `actor` (and `organizerIds`). */
  async create(actor: Actor, input: CreateEventInput): Promise<EventDocument> {
    return this.events.withTransaction((session) => this.createIn(session, actor, input));
  }

  /** {@link create} inside a caller's transaction (a series creates its occurrences so). */
  async createIn(
    session: ClientSession,
    actor: Actor,
    input: CreateEventInput,
    seriesId: Types.ObjectId | null = null,
  ): Promise<EventDocument> {
    if (!canOrganise(actor)) {
      throw new ForbiddenError('Only organisers and admins create events', 'NOT_ORGANIZER');
    }
    const fields = {
      title: input.title.trim(),
      description: input.description ?? '',
      format: input.format,
      joinUrl: input.joinUrl ?? null,
      venueName: input.venueName?.trim() || null,
      address: input.address?.trim() || null,
      timeZone: input.timeZone,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      allDay: input.allDay ?? false,
      capacity: input.capacity,
      seatsLeft: input.capacity,
      waitlistEnabled: input.waitlistEnabled ?? true,
      offerHours: input.offerHours ?? 48,
      registrationOpensAt: input.registrationOpensAt ?? null,
      registrationClosesAt: input.registrationClosesAt ?? null,
      selfCancelUntil: input.selfCancelUntil ?? null,
      organizerIds: [...new Set([actor.userId, ...(input.organizerIds ?? [])])],
      seriesId,
    };
    assertConsistent(fields);
    const [event] = await EventModel.create([fields], { session });
    return event!;
  }

  /** The event if `actor` may see it: published or cancelled ones for all, drafts for their organisers. */
  async find(actor: Actor | undefined, id: string): Promise<EventDocument | null> {
    const event = await EventModel.findById(objectIdOf(id, 'id')).exec();
    if (!event) return null;
    if (event.status === EventStatus.DRAFT && !(actor && managesEvent(actor, event))) return null;
    return event;
  }

  /** An event `actor` manages, or NOT_FOUND (no hint whether it exists). */
  async managed(actor: Actor, id: string, session?: ClientSession): Promise<EventDocument> {
    const event = await EventModel.findById(objectIdOf(id, 'id'))
      .session(session ?? null)
      .exec();
    if (!event || !managesEvent(actor, event)) throw new NotFoundError('Event', id);
    return event;
  }

  /** Published events, upcoming unless `filter` says otherwise, soonest first. */
  list(filter: EventFilter | undefined, page: PageArgs): Promise<Connection<EventDocument>> {
    const query: QueryFilter<Event> = {
      status: EventStatus.PUBLISHED,
      endsAt: { $gt: filter?.from ?? this.clock() },
      ...(filter?.to && { startsAt: { $lt: filter.to } }),
      ...(filter?.format && { format: filter.format }),
    };
    const words = filter?.search?.trim();
    if (words) {
      const pattern = new RegExp(words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
      query.$or = [{ title: pattern }, { description: pattern }];
    }
    return paginate(EventModel, query, page, { sort: { field: 'startsAt' } }) as Promise<
      Connection<EventDocument>
    >;
  }

  /** DRAFT → PUBLISHED: listed, open to registration, reminded 24 h before. Idempotent. */
  async publish(actor: Actor, id: string): Promise<EventDocument> {
    return this.events.withTransaction(async (session) => {
      const event = await this.managed(actor, id, session);
      if (event.status === EventStatus.PUBLISHED) return event;
      return this.publishIn(session, event, actor.userId);
    });
  }

  async publishIn(
    session: ClientSession,
    event: EventDocument,
    actorId: string,
  ): Promise<EventDocument> {
    const published = await EventModel.findOneAndUpdate(
      { _id: event._id, status: EventStatus.DRAFT },
      { $set: { status: EventStatus.PUBLISHED } },
      { returnDocument: 'after', session },
    ).exec();
    if (!published)
      throw new ConflictError('A cancelled event cannot be published', 'id', 'EVENT_CANCELLED');
    await this.scheduleReminder(session, published);
    await announceEvent(
      this.events,
      session,
      { type: 'event.published', event: published },
      actorId,
    );
    return published;
  }

  /**
   * Changes an event. A change of time, place or status raises its calendar
   * SEQUENCE; a published event announces it with `event.updated` and what
   * changed. More capacity offers the new seats to the waitlist; less than the
   * seats already held is CONFLICT `CAPACITY_BELOW_HELD`.
   */
  async update(actor: Actor, id: string, input: UpdateEventInput): Promise<EventDocument> {
    return this.events.withTransaction(async (session) => {
      const event = await this.managed(actor, id, session);
      return this.updateIn(session, actor, event, input);
    });
  }

  async updateIn(
    session: ClientSession,
    actor: Actor,
    event: EventDocument,
    input: UpdateEventInput,
  ): Promise<EventDocument> {
    if (event.status === EventStatus.CANCELLED) {
      throw new ConflictError('A cancelled event cannot change', 'id', 'EVENT_CANCELLED');
    }
    const given = Object.fromEntries(
      Object.entries(input).filter(([, value]) => value !== undefined),
    ) as Partial<UpdateEventInput>;
    for (const field of [
      'title',
      'format',
      'timeZone',
      'startsAt',
      'endsAt',
      'allDay',
      'capacity',
    ] as const) {
      if (given[field] === null) throw new BadUserInputError(`${field} cannot be null`, field);
    }
    const next = { ...event.toObject<Event>(), ...given };
    assertConsistent(next);
    const differs = (field: keyof Event) =>
      field in given && String(given[field as keyof UpdateEventInput]) !== String(event[field]);
    const changed = new Set<EventChange>();
    if (TIME_FIELDS.some(differs)) changed.add('time');
    if (PLACE_FIELDS.some(differs)) changed.add('place');
    if (differs('capacity')) changed.add('capacity');
    if (
      (
        [
          'title',
          'description',
          'waitlistEnabled',
          'offerHours',
          'registrationOpensAt',
          'registrationClosesAt',
          'selfCancelUntil',
        ] as const
      ).some(differs)
    ) {
      changed.add('details');
    }
    if (changed.size === 0) return event;
    const delta = (given.capacity ?? event.capacity) - event.capacity;
    const updated = await EventModel.findOneAndUpdate(
      // Guarded on the capacity read and on enough free seats for a reduction.
      {
        _id: event._id,
        capacity: event.capacity,
        ...(delta < 0 && { seatsLeft: { $gte: -delta } }),
      },
      {
        $set: given,
        $inc: {
          ...(delta < 0 && { seatsLeft: delta }),
          ...((changed.has('time') || changed.has('place')) && { icsSequence: 1 }),
        },
      },
      { returnDocument: 'after', session },
    ).exec();
    if (!updated) {
      throw new ConflictError(
        'The capacity cannot go below the seats already held',
        'capacity',
        'CAPACITY_BELOW_HELD',
      );
    }
    if (delta > 0) await this.waitlist.releaseSeats(updated, delta, session);
    if (updated.status === EventStatus.PUBLISHED) {
      if (changed.has('time')) await this.scheduleReminder(session, updated);
      await announceEvent(
        this.events,
        session,
        { type: 'event.updated', event: updated, changed: [...changed] },
        actor.userId,
      );
    }
    return updated;
  }

  /** Cancels the event and every live registration with it; publishes `event.cancelled`. */
  async cancel(actor: Actor, id: string, reason: string | null): Promise<EventDocument> {
    return this.events.withTransaction(async (session) => {
      const event = await this.managed(actor, id, session);
      if (event.status === EventStatus.CANCELLED) return event;
      return this.cancelIn(session, event, reason?.trim() || null, actor.userId);
    });
  }

  async cancelIn(
    session: ClientSession,
    event: EventDocument,
    reason: string | null,
    actorId: string,
  ): Promise<EventDocument> {
    const cancelled = await EventModel.findOneAndUpdate(
      { _id: event._id, status: { $ne: EventStatus.CANCELLED } },
      {
        $set: { status: EventStatus.CANCELLED, cancellationReason: reason },
        $inc: { icsSequence: 1 },
      },
      { returnDocument: 'after', session },
    ).exec();
    if (!cancelled) return event;
    const live = await RegistrationModel.find({ eventId: event._id, live: true })
      .session(session)
      .exec();
    for (const registration of live) {
      await this.registrations.cancelIn(session, registration, cancelled, {
        by: actorId,
        reason: reason ?? 'The event was cancelled',
        withEvent: true,
      });
    }
    await this.jobs.cancel(reminderKey(cancelled.id as string), { session });
    if (event.status === EventStatus.PUBLISHED) {
      await announceEvent(
        this.events,
        session,
        { type: 'event.cancelled', event: cancelled, reason },
        actorId,
      );
    }
    return cancelled;
  }

  private async scheduleReminder(session: ClientSession, event: EventDocument): Promise<void> {
    const at = new Date(event.startsAt.getTime() - DAY_MS);
    if (at <= this.clock()) {
      await this.jobs.cancel(reminderKey(event.id as string), { session });
      return;
    }
    await this.jobs.schedule(
      REMINDER_JOB,
      wallTimeOf(at, this.clock),
      { eventId: event.id as string },
      { uniqueKey: reminderKey(event.id as string), session },
    );
  }

  /** `event.reminder` to the confirmed registrants of a published event. */
  private async remind(eventId: string, session: ClientSession): Promise<void> {
    const event = await EventModel.findById(eventId).session(session).exec();
    if (!event || event.status !== EventStatus.PUBLISHED) return;
    const confirmed = await RegistrationModel.find(
      { eventId: event._id, status: RegistrationStatus.CONFIRMED },
      { userId: 1 },
    )
      .session(session)
      .lean()
      .exec();
    if (confirmed.length === 0) return;
    await announceEvent(this.events, session, {
      type: 'event.reminder',
      event,
      registrantIds: confirmed.map((registration) => registration.userId),
    });
  }
}
