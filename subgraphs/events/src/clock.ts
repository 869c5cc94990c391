/** What "now" is for the service's rules (windows, deadlines, reminders); tests move it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * When a durable job (which the scheduler runs on the wall clock) must run for
 * something due at `at` on `clock`: the same distance from now on both.
 */
export function wallTimeOf(at: Date, clock: Clock): Date {
  return new Date(Date.now() + (at.getTime() - clock().getTime()));
}
