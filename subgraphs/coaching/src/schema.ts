import type { SubgraphDefinition } from '@weace/service-kit';
import { BookingResolver } from './booking/booking.resolver';
import { CoachResolver, UserCoachingResolver, coachReference } from './coach/coach.resolver';
import { userReference } from './coach/user.reference';
import { NoteResolver, SessionNotesResolver } from './note/note.resolver';
import { PackageResolver } from './package/package.resolver';
import { SessionTypeResolver } from './session-type/session-type.resolver';
import { UtilisationResolver } from './utilisation/utilisation.resolver';

/** The coaching subgraph's schema: `CoachProfile` an entity by `id` (the coach's User.id), `User.coachProfile` added. */
export const coachingSchema: SubgraphDefinition['schema'] = {
  resolvers: [
    CoachResolver,
    UserCoachingResolver,
    SessionTypeResolver,
    BookingResolver,
    NoteResolver,
    SessionNotesResolver,
    PackageResolver,
    UtilisationResolver,
  ],
  referenceResolvers: { User: userReference, CoachProfile: coachReference },
};
