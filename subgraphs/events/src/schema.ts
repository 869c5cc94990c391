import type { SubgraphDefinition } from '@weace/service-kit';
import { CalendarResolver } from './calendar/calendar.resolver';
import { CheckInResolver } from './check-in/check-in.resolver';
import { EventResolver } from './event/event.resolver';
import {
  EventRegistrationsResolver,
  RegistrationResolver,
} from './registration/registration.resolver';
import { SeriesResolver } from './series/series.resolver';
import { UserEventsResolver } from './user/user.resolver';
import { userReference } from './user/user.model';

/** The events subgraph's schema: `Event` and `EventRegistration`, and `User.eventRegistrations`. */
export const eventsSchema: SubgraphDefinition['schema'] = {
  resolvers: [
    EventResolver,
    EventRegistrationsResolver,
    RegistrationResolver,
    CheckInResolver,
    CalendarResolver,
    SeriesResolver,
    UserEventsResolver,
  ],
  referenceResolvers: { User: userReference },
};
