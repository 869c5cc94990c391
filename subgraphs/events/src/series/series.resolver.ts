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
import { actorOf } from '../actor';
import { Event, type EventDocument } from '../event/event.model';
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

  @FieldResolver(() => [Event], { description: 'Every occurrence, soonest first' })
  occurrences(@Root() series: EventSeriesDocument): Promise<EventDocument[]> {
    return this.series.occurrencesOf(series);
  }

  @FieldResolver(() => String, { description: 'The rule as RFC 5545 writes it' })
  rrule(@Root() series: EventSeriesDocument): string {
    return ruleText(series.recurrence);
  }
}
