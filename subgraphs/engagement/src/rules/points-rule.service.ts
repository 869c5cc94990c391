import { NotFoundError, parseObjectId } from '@weace/service-kit';
import type { PointsRuleInput } from './points-rule.inputs';
import { DEFAULT_RULES, type PointsRule, PointsRuleModel } from './points-rule.model';

/** Creates the default rules once (a rule an admin changed stays as changed). */
export async function ensureDefaultRules(): Promise<void> {
  await PointsRuleModel.bulkWrite(
    DEFAULT_RULES.map((rule) => ({
      updateOne: {
        filter: { defaultKey: rule.eventType },
        update: {
          $setOnInsert: {
            ...rule,
            defaultKey: rule.eventType,
            capPerDay: null,
            capPerWeek: null,
            oncePerSubject: true,
            active: true,
            version: 1,
          },
        },
        upsert: true,
      },
    })),
  );
}

export function listRules(): Promise<PointsRule[]> {
  return PointsRuleModel.find().sort({ _id: 1 }).lean().exec();
}

/**
 * ADMIN: a new rule, or a rule changed. Only future credit follows; a change
 * of points raises the version `recomputePoints` corrects the past to.
 */
export async function defineRule(input: PointsRuleInput): Promise<PointsRule> {
  const fields = {
    name: input.name,
    eventType: input.eventType,
    points: input.points,
    condition: input.condition ?? null,
    capPerDay: input.capPerDay ?? null,
    capPerWeek: input.capPerWeek ?? null,
    oncePerSubject: input.oncePerSubject,
    active: input.active,
  };
  if (!input.id) return (await PointsRuleModel.create(fields)).toObject();
  const _id = parseObjectId(input.id, 'id', 'points rule id');
  // A change of points raises the version in the same atomic update; any other change keeps it.
  const repriced = await PointsRuleModel.updateOne(
    { _id, points: { $ne: input.points } },
    { $set: fields, $inc: { version: 1 } },
  ).exec();
  if (repriced.matchedCount === 0)
    await PointsRuleModel.updateOne({ _id }, { $set: fields }).exec();
  const updated = await PointsRuleModel.findById(_id).lean().exec();
  if (!updated) throw new NotFoundError('Points rule', input.id);
  return updated;
}
