import type { EventBus } from '@weace/events';
import { BadUserInputError, ForbiddenError, NotFoundError } from '@weace/service-kit';
import { DateTime } from 'luxon';
import { type Actor, canOrganise } from '../actor';
import type { Clock } from '../clock';
import type { UpdateEventInput } from '../event/event.inputs';
import { type EventDocument, EventModel, EventStatus } from '../event/event.model';
import { type EventService, assertConsistent } from '../event/event.service';
import { managesEvent, objectIdOf } from '../registration/registration.service';
import { expandRecurrence } from './recurrence';
import type { CreateEventSeriesInput, UpdateEventSeriesInput } from './series.inputs';
import { type EventSeriesDocument, EventSeriesModel } from './series.model';

/**
 * Recurring events. A series is expanded once, at creation, into occurrences
 * that are events of their own; editing the series changes the occurrences
 * that have not started, through the same rules as editing one event.
 */
export class SeriesService {
  constructor(
    private readonly events: EventBus,
    private readonly eventService: EventService,
    private readonly clock: Clock,
  ) {}

  async create(
    actor: Actor,
    input: CreateEventSeriesInput,
  ): Promise<{ series: EventSeriesDocument; occurrences: EventDocument[] }> {
    if (!canOrganise(actor)) {
      throw new ForbiddenError('Only organisers and admins create events', 'NOT_ORGANIZER');
    }
    const { recurrence } = input;
    if ((recurrence.count == null) === (recurrence.until == null)) {
      throw new BadUserInputError('Give the recurrence a count or an until, one of them', [
        'recurrence.count',
        'recurrence.until',
      ]);
    }
    assertConsistent({
      ...input,
      joinUrl: input.joinUrl ?? null,
      venueName: input.venueName ?? null,
      registrationOpensAt: null,
      registrationClosesAt: null,
      selfCancelUntil: null,
    });
    const rule = {
      freq: recurrence.freq,
      interval: recurrence.interval,
      byDay: recurrence.byDay ?? [],
      count: recurrence.count ?? null,
      until: recurrence.until ?? null,
    };
    const excludedDates = [...new Set(input.excludedDates ?? [])];
    const occurrences = expandRecurrence(input, input.timeZone, rule, excludedDates);
    if (occurrences.length === 0) {
      throw new BadUserInputError('The recurrence has no occurrence', 'recurrence');
    }
    return this.events.withTransaction(async (session) => {
      const [series] = await EventSeriesModel.create(
        [
          {
            title: input.title.trim(),
            timeZone: input.timeZone,
            recurrence: rule,
            excludedDates,
            organizerIds: [...new Set([actor.userId, ...(input.organizerIds ?? [])])],
          },
        ],
        { session },
      );
      const events: EventDocument[] = [];
      for (const occurrence of occurrences) {
        let event = await this.eventService.createIn(
          session,
          actor,
          { ...input, startsAt: occurrence.startsAt, endsAt: occurrence.endsAt },
          series!._id,
        );
        if (input.publish) event = await this.eventService.publishIn(session, event, actor.userId);
        events.push(event);
      }
      return { series: series!, occurrences: events };
    });
  }

  async find(id: string): Promise<EventSeriesDocument | null> {
    return EventSeriesModel.findById(objectIdOf(id, 'id')).exec();
  }

  occurrencesOf(series: EventSeriesDocument): Promise<EventDocument[]> {
    return EventModel.find({ seriesId: series._id }).sort({ startsAt: 1 }).exec();
  }

  /**
   * Applies the changes to every occurrence that has not started and is not
   * cancelled (each announces its own `event.updated`); newly excluded dates
   * cancel their future occurrences. Past occurrences keep what they were.
   */
  async update(
    actor: Actor,
    id: string,
    input: UpdateEventSeriesInput,
  ): Promise<EventSeriesDocument> {
    return this.events.withTransaction(async (session) => {
      const series = await EventSeriesModel.findById(objectIdOf(id, 'id')).session(session).exec();
      if (!series || !managesEvent(actor, series)) throw new NotFoundError('EventSeries', id);
      const { excludedDates, ...changes } = input;
      const added = (excludedDates ?? []).filter((date) => !series.excludedDates.includes(date));
      const future = await EventModel.find({
        seriesId: series._id,
        startsAt: { $gt: this.clock() },
        status: { $ne: EventStatus.CANCELLED },
      })
        .sort({ startsAt: 1 })
        .session(session)
        .exec();
      for (const occurrence of future) {
        const localDate = DateTime.fromJSDate(occurrence.startsAt, {
          zone: series.timeZone,
        }).toISODate()!;
        if (added.includes(localDate)) {
          await this.eventService.cancelIn(
            session,
            occurrence,
            'Removed from the series',
            actor.userId,
          );
        } else {
          await this.eventService.updateIn(session, actor, occurrence, changes as UpdateEventInput);
        }
      }
      const updated = await EventSeriesModel.findOneAndUpdate(
        { _id: series._id },
        {
          $set: {
            ...(changes.title !== undefined && { title: changes.title.trim() }),
            excludedDates: [...series.excludedDates, ...added],
          },
        },
        { returnDocument: 'after', session },
      ).exec();
      return updated!;
    });
  }
}
