import type { EventBus } from '@weace/events';
import { SCORED_EVENT_TYPES } from './activities';
import type { Ledger } from './ledger.service';

/** Scores the domain events points rules count, engagement's own feedback among them. */
export function subscribeScoring(events: EventBus, ledger: Ledger): void {
  events.subscribe('scoring', SCORED_EVENT_TYPES, (event, { session }) =>
    ledger.scoreEvent(session, event),
  );
}
