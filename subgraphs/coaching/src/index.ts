import { PeopleDirectory, type SubgraphDefinition } from '@weace/service-kit';
import { subscribeUserDeleted } from './account/user-deleted.consumer';
import { BookingResolver } from './booking/booking.resolver';
import { BookingService } from './booking/booking.service';
import { Reminders } from './booking/reminders';
import { SlotsService } from './booking/slots.service';
import { type Clock, systemClock } from './clock';
import { CoachResolver } from './coach/coach.resolver';
import { CoachService } from './coach/coach.service';
import { NoteResolver } from './note/note.resolver';
import { NoteService } from './note/note.service';
import { PackageResolver } from './package/package.resolver';
import { PackageService } from './package/package.service';
import { coachingSchema } from './schema';
import { seedCoachingDemo } from './seed/demo-data';
import { SessionTypeResolver } from './session-type/session-type.resolver';
import { SessionTypeService } from './session-type/session-type.service';
import { coachingDb } from './db';
import { UtilisationResolver } from './utilisation/utilisation.resolver';
import { UtilisationService } from './utilisation/utilisation.service';

/**
 * Coach profiles and availability, session types, conflict-free booking,
 * confidential notes and company-funded packages; database `weace_coaching`.
 * `now` is the clock every time rule reads (tests pass their own).
 */
export function defineCoachingSubgraph(now: Clock = systemClock): SubgraphDefinition {
  return {
    name: 'coaching',
    port: 3004,
    schema: coachingSchema,
    async start({ events, jobs, logger }) {
      const coaches = new CoachService();
      const sessionTypes = new SessionTypeService();
      const packages = new PackageService(now);
      const reminders = new Reminders(jobs, now);
      reminders.define(events);
      const bookings = new BookingService(events, coaches, sessionTypes, packages, reminders, now);
      subscribeUserDeleted(events, bookings);
      const directory = new PeopleDirectory(events, coachingDb);
      return {
        resolvers: [
          new CoachResolver(coaches),
          new SessionTypeResolver(sessionTypes),
          new BookingResolver(bookings, new SlotsService(coaches, sessionTypes, now)),
          new NoteResolver(new NoteService()),
          new PackageResolver(packages),
          new UtilisationResolver(new UtilisationService(directory)),
        ],
        seedDemo: (people) => seedCoachingDemo(people, { events, jobs, logger }),
      };
    },
  };
}

export const coachingSubgraph = defineCoachingSubgraph();
