import { IsOptional, Length } from 'class-validator';
import { ArgsType, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum GroupBy {
  DAY = 'DAY',
  WEEK = 'WEEK',
}
registerEnumType(GroupBy, { name: 'AnalyticsGroupBy' });

@ArgsType()
export class AnalyticsArgs {
  @Field({ description: 'From this instant (its day in the organisation zone)' })
  from!: Date;

  @Field({ description: 'Up to this instant, excluded' })
  to!: Date;

  @Field(() => GroupBy, { defaultValue: GroupBy.WEEK })
  groupBy!: GroupBy;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  department?: string | null;
}

const SUPPRESSED = 'Null when fewer people than the privacy threshold are behind it';

@ObjectType()
export class AnalyticsBucket {
  @Field({ description: 'First day of the bucket (organisation zone)' })
  start!: string;

  @Field(() => Int, { nullable: true, description: `People active in it. ${SUPPRESSED}` })
  activeUsers!: number | null;

  @Field(() => Int, { nullable: true, description: `Courses completed. ${SUPPRESSED}` })
  completions!: number | null;

  @Field(() => Int, { nullable: true, description: `Coaching sessions held. ${SUPPRESSED}` })
  sessions!: number | null;

  @Field(() => Int, { nullable: true, description: `Event check-ins. ${SUPPRESSED}` })
  checkIns!: number | null;

  @Field(() => Float, { nullable: true, description: `NPS of feedback given in it. ${SUPPRESSED}` })
  nps!: number | null;
}

@ObjectType()
export class CohortRetention {
  @Field(() => Int, {
    nullable: true,
    description: `People who signed up in the first bucket. ${SUPPRESSED}`,
  })
  size!: number | null;

  @Field(() => [Float], {
    nullable: true,
    description: 'Share of the cohort (0–1) active in each bucket',
  })
  retention!: number[] | null;
}

@ObjectType()
export class EngagementAnalytics {
  @Field(() => Int, { nullable: true, description: `Active on the last day. ${SUPPRESSED}` })
  dau!: number | null;

  @Field(() => Int, { nullable: true, description: `Active in the last 7 days. ${SUPPRESSED}` })
  wau!: number | null;

  @Field(() => Int, { nullable: true, description: `Active in the last 30 days. ${SUPPRESSED}` })
  mau!: number | null;

  @Field(() => [AnalyticsBucket])
  buckets!: AnalyticsBucket[];

  @Field(() => CohortRetention)
  cohort!: CohortRetention;
}
