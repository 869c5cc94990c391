/** The embedded MongoDB-compatible server: start it, point a driver at its `uri`. */
export { startServer, type RunningServer, type StartServerOptions } from './wire/server';
export type { LogFields, Logger } from './wire/logger';
