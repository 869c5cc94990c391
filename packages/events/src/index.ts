/** Domain events: the catalog every service speaks, the outbox that publishes with a transaction, consumers that act once; durable scheduled jobs on the same footing. */
export { catalog, typesOf, type EventType, type PayloadOf } from './catalog/catalog';
export { PRODUCERS, type EventDefinition, type Producer } from './catalog/define-event';
export { InvalidEventError, parseEnvelope, type Envelope } from './catalog/envelope';
export {
  createEventBus,
  type DeadLetterPage,
  type DeadLetters,
  type EventBus,
  type EventBusOptions,
} from './bus';
export type { DeadLetterRecord } from './consumer/consumer.models';
export type {
  ConsumerOptions,
  EventHandler,
  HandlerContext,
  HandlingOptions,
} from './consumer/handle-event';
export { JobStatus, type JobRecord } from './jobs/job.model';
export {
  createScheduler,
  type FailedJobPage,
  type JobContext,
  type JobHandler,
  type ScheduleOptions,
  type Scheduler,
  type SchedulerOptions,
} from './jobs/scheduler';
export type { EventLogger } from './logger';
export type { EventDraft } from './outbox/publisher';
export type { RelayOptions } from './outbox/relay';
export { createInProcessTransport } from './transports/in-process.transport';
export { createNatsTransport, type NatsTransportOptions } from './transports/nats.transport';
export type { Subscription, Transport } from './transports/transport';
