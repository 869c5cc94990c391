import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class Level {
  @Field(() => Int, { description: '1 for the first level' })
  number!: number;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true, description: 'Null at the top level' })
  pointsToNext!: number | null;
}

@ObjectType()
export class EarnedBadge {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field()
  awardedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The week or month of a periodic badge' })
  period!: string | null;
}

@ObjectType({ description: "A person's points, level, streaks and badges" })
export class Engagement {
  @Field(() => Int, { description: 'The sum of their ledger' })
  points!: number;

  @Field(() => Level)
  level!: Level;

  @Field(() => Int, {
    nullable: true,
    description: 'Consecutive active days in their zone; only for themself and ADMIN',
  })
  currentStreak!: number | null;

  @Field(() => Int, { nullable: true, description: 'Only for themself and ADMIN' })
  longestStreak!: number | null;

  @Field(() => [EarnedBadge])
  badges!: EarnedBadge[];
}
