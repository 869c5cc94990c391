/** "Now" for every rule that depends on it (notice, windows, completion); tests pass their own. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
