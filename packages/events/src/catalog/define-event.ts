import type { z } from 'zod';

/** The services that publish domain events; each has its own stream. */
export const PRODUCERS = [
  'auth',
  'users',
  'training',
  'coaching',
  'events',
  'notifications',
  'engagement',
] as const;
export type Producer = (typeof PRODUCERS)[number];

/** One domain event type at one version: who publishes it and what its payload holds. */
export interface EventDefinition<
  TType extends string = string,
  TPayload extends z.ZodType = z.ZodType,
> {
  readonly type: TType;
  readonly version: number;
  readonly producer: Producer;
  readonly description: string;
  readonly payload: TPayload;
}

export function defineEvent<TType extends string, TPayload extends z.ZodType>(
  definition: EventDefinition<TType, TPayload>,
): EventDefinition<TType, TPayload> {
  return definition;
}
