import type { ServiceContext } from '@weace/service-kit';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { actorOf, optionalActorOf } from '../actor';
import { Event, type EventDocument, EventStatus } from '../event/event.model';
import { managesEvent } from '../registration/registration.service';
import { ruleText } from './recurrence';
import { CreateEventSeriesInput, UpdateEventSeriesInput } from './series.inputs';
import { EventSeries, type EventSeriesDocument } from './series.model';
import type { SeriesService } from './series.service';

@Resolver(() => EventSeries)
export class SeriesResolver {
  constructor(private readonly series: SeriesService) {}

  @Query(() => EventSeries, { nullable: true })
  eventSeries(@Arg('id', () => ID) id: string): Promise<EventSeriesDocument | null> {
    return this.series.find(id);
  }

  @Authorized()
  @Mutation(() => EventSeries, {
    description: 'Expands the rule in the series zone (at most 100 occurrences, two years)',
  })
  async createEventSeries(
    @Arg('input') input: CreateEventSeriesInput,
    @Ctx() context: ServiceContext,
  ): Promise<EventSeriesDocument> {
    return (await this.series.create(actorOf(context), input)).series;
  }

  @Authorized()
  @Mutation(() => EventSeries, { description: 'Changes the occurrences that have not started' })
  updateEventSeries(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateEventSeriesInput,
    @Ctx() context: ServiceContext,
  ): Promise<EventSeriesDocument> {
    return this.series.update(actorOf(context), id, input);
  }

  @FieldResolver(() => [Event], {
    description: 'Every occurrence, soonest first (drafts for its organisers only)',
  })
  async occurrences(
    @Root() series: EventSeriesDocument,
    @Ctx() context: ServiceContext,
  ): Promise<EventDocument[]> {
    const actor = optionalActorOf(context);
    const occurrences = await this.series.occurrencesOf(series);
    return actor && managesEvent(actor, series)
      ? occurrences
      : occurrences.filter((occurrence) => occurrence.status !== EventStatus.DRAFT);
  }

  @FieldResolver(() => String, { description: 'The rule as RFC 5545 writes it' })
  rrule(@Root() series: EventSeriesDocument): string {
    return ruleText(series.recurrence);
  }
}
