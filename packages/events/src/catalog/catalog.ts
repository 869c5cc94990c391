import type { z } from 'zod';
import { coachingEvents } from './coaching.events';
import type { EventDefinition, Producer } from './define-event';
import { engagementEvents } from './engagement.events';
import { eventRegistrationEvents } from './event-registration.events';
import { identityEvents } from './identity.events';
import { notificationEvents } from './notifications.events';
import { trainingEvents } from './training.events';

const definitions = [
  ...identityEvents,
  ...trainingEvents,
  ...coachingEvents,
  ...eventRegistrationEvents,
  ...notificationEvents,
  ...engagementEvents,
] as const;

type Definition = (typeof definitions)[number];

/** Every domain event type of the platform, e.g. `'session.booked'`. */
export type EventType = Definition['type'];

/** The payload of one event type, as its producer publishes it. */
export type PayloadOf<T extends EventType> = z.infer<Extract<Definition, { type: T }>['payload']>;

/** The current definition of each event type: one fixed language for every service. */
export const catalog: ReadonlyMap<string, EventDefinition> = new Map(
  definitions.map((definition) => [definition.type, definition]),
);

/** The event types `producer` publishes. */
export function typesOf(producer: Producer): EventType[] {
  return definitions.filter((d) => d.producer === producer).map((d) => d.type);
}

/** The definition of `type`, or an error naming the unknown type. */
export function definitionOf(type: string): EventDefinition {
  const definition = catalog.get(type);
  if (!definition) throw new Error(`unknown domain event type "${type}"`);
  return definition;
}
