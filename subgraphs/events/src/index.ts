import type { SubgraphDefinition } from '@weace/service-kit';
import { CalendarResolver } from './calendar/calendar.resolver';
import { calendarRoutes } from './calendar/calendar.routes';
import { CalendarService } from './calendar/calendar.service';
import { FeedTokens } from './calendar/feed-token.service';
import { subscribePersonalEntries } from './calendar/personal-entries.consumer';
import { CheckInResolver } from './check-in/check-in.resolver';
import { CheckInService } from './check-in/check-in.service';
import { type Clock, systemClock } from './clock';
import { loadEventsSettings } from './config';
import { EventResolver } from './event/event.resolver';
import { EventService } from './event/event.service';
import { subscribePersonErasure } from './person/person-erasure.consumer';
import { RegistrationResolver } from './registration/registration.resolver';
import { RegistrationService } from './registration/registration.service';
import { Waitlist } from './registration/waitlist';
import { eventsSchema } from './schema';
import { SeriesResolver } from './series/series.resolver';
import { SeriesService } from './series/series.service';
import { seedDemoEvents } from './seed/demo-events';

export interface EventsSubgraphOptions {
  /** What "now" is for windows, offers and reminders. Default: the system clock (tests move theirs). */
  readonly clock?: Clock;
}

/**
 * Events and series, registration with capacity and a fair waitlist,
 * check-in, and calendar files and feeds; database `weace_events`.
 */
export function createEventsSubgraph({
  clock = systemClock,
}: EventsSubgraphOptions = {}): SubgraphDefinition {
  return {
    name: 'events',
    port: 3005,
    schema: eventsSchema,
    async start({ config, env, events, jobs }) {
      const settings = loadEventsSettings(env, config);
      const waitlist = new Waitlist(events, jobs, clock);
      const registrations = new RegistrationService(events, jobs, waitlist, clock);
      const eventService = new EventService(events, jobs, registrations, waitlist, clock);
      const feedTokens = new FeedTokens(settings.feedKey);
      subscribePersonalEntries(events);
      subscribePersonErasure(events, registrations);
      waitlist.defineJobs();
      eventService.defineJobs();
      return {
        resolvers: [
          new EventResolver(eventService, settings),
          new RegistrationResolver(registrations),
          new SeriesResolver(new SeriesService(events, eventService, clock)),
          new CheckInResolver(new CheckInService(events, clock, settings.checkInOpensMinutes)),
          new CalendarResolver(feedTokens, settings),
        ],
        routes: calendarRoutes(new CalendarService(feedTokens)),
        seedDemo: (people) => seedDemoEvents({ events, jobs }, people),
      };
    },
  };
}

export const eventsSubgraph = createEventsSubgraph();
