import type { LevelThreshold } from '../settings/settings.model';

export interface LevelStanding {
  /** 1 for the first level (threshold 0), 2 for the next, … */
  readonly number: number;
  readonly name: string;
  /** Points still needed for the next level; null at the top. */
  readonly pointsToNext: number | null;
}

/** The highest level whose threshold is at or below `total` (thresholds ascending, first 0). */
export function levelOf(levels: readonly LevelThreshold[], total: number): LevelStanding {
  let reached = 0;
  levels.forEach((level, i) => {
    if (level.threshold <= total) reached = i;
  });
  const next = levels[reached + 1];
  return {
    number: reached + 1,
    name: levels[reached]!.name,
    pointsToNext: next ? next.threshold - total : null,
  };
}
