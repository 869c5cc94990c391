/**
 * What time it is for the training rules (enrollment windows, release dates,
 * deadlines, due dates, expiry): the system clock in production, a clock the
 * test moves in tests, so no rule is tested by waiting.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * A job fired by the scheduler before the training clock reached its time
 * (the clocks of two replicas differ, or a test has not moved its clock yet):
 * throwing makes the scheduler run it again a little later.
 */
export class NotDueYetError extends Error {
  constructor(what: string, due: Date) {
    super(`${what} is due at ${due.toISOString()}, not yet`);
  }
}
