import { NotFoundError, parseObjectId } from '@weace/service-kit';
import type { BadgeInput } from './badge.inputs';
import { type Badge, BadgeModel } from './badge.model';

export function listBadges(): Promise<Badge[]> {
  return BadgeModel.find().sort({ _id: 1 }).lean().exec();
}

/** ADMIN: a new badge, or one changed (badges already earned stay earned). */
export async function defineBadge(input: BadgeInput): Promise<Badge> {
  const fields = {
    name: input.name,
    description: input.description,
    criteria: input.criteria.map(({ metric, threshold, windowDays }) => ({
      metric,
      threshold,
      windowDays: windowDays ?? null,
    })),
    aggregation: input.aggregation,
    period: input.period,
    active: input.active,
  };
  if (!input.id) return (await BadgeModel.create(fields)).toObject();
  const updated = await BadgeModel.findOneAndUpdate(
    { _id: parseObjectId(input.id, 'id', 'badge id') },
    { $set: fields },
    { returnDocument: 'after' },
  )
    .lean()
    .exec();
  if (!updated) throw new NotFoundError('Badge', input.id);
  return updated;
}
