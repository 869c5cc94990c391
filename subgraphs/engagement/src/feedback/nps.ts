import { Field, Float, Int, ObjectType } from 'type-graphql';
import { FeedbackModel } from './feedback.model';

@ObjectType({ description: 'Net Promoter Score: % promoters (9–10) − % detractors (0–6)' })
export class NpsSummary {
  @Field(() => Int, { description: 'Respondents' })
  n!: number;

  @Field(() => Int)
  promoters!: number;

  @Field(() => Int)
  passives!: number;

  @Field(() => Int)
  detractors!: number;

  @Field(() => Float, { nullable: true, description: 'From −100 to 100; null without respondents' })
  nps!: number | null;
}

/** The NPS of the feedback matching `filter`, in one aggregation. */
export async function npsOf(filter: Record<string, unknown>): Promise<NpsSummary> {
  const [counts] = await FeedbackModel.aggregate<Omit<NpsSummary, 'nps'>>([
    { $match: filter },
    {
      $group: {
        _id: null,
        n: { $sum: 1 },
        promoters: { $sum: { $cond: [{ $gte: ['$score', 9] }, 1, 0] } },
        detractors: { $sum: { $cond: [{ $lte: ['$score', 6] }, 1, 0] } },
      },
    },
  ]).exec();
  const n = counts?.n ?? 0;
  const promoters = counts?.promoters ?? 0;
  const detractors = counts?.detractors ?? 0;
  return {
    n,
    promoters,
    detractors,
    passives: n - promoters - detractors,
    nps: n === 0 ? null : Math.round(((promoters - detractors) / n) * 1000) / 10,
  };
}
