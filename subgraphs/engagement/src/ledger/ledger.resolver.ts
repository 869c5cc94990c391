import {
  ConnectionType,
  type Connection,
  PageArgs,
  Role,
  type ServiceContext,
  callerUserId,
} from '@weace/service-kit';
import { IsInt, Length, Max, Min } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { LedgerEntry } from './ledger-entry.model';
import type { PointsService, RecomputeOutcome } from './points.service';

@ObjectType({ description: 'A page of ledger entries, newest first' })
class PointsEntryConnection extends ConnectionType(LedgerEntry) {}

@ObjectType('RecomputeResult')
class RecomputeResult implements RecomputeOutcome {
  @Field(() => Int, { description: 'Compensating entries written' })
  corrections!: number;

  @Field(() => Int, { description: 'Their sum' })
  points!: number;
}

@ArgsType()
class AwardPointsArgs {
  @Field(() => ID)
  @Length(1, 128)
  userId!: string;

  @Field(() => Int, { description: 'Negative to take points back' })
  @IsInt()
  @Min(-10_000)
  @Max(10_000)
  points!: number;

  @Field()
  @Length(1, 200)
  reason!: string;
}

@Resolver(() => LedgerEntry)
export class LedgerResolver {
  constructor(private readonly points: PointsService) {}

  @Authorized()
  @Query(() => PointsEntryConnection, { description: 'Every point, why, and where it came from' })
  myPointsHistory(
    @Args() page: PageArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<LedgerEntry>> {
    return this.points.history(callerUserId(context), page);
  }

  @Authorized(Role.Admin)
  @Mutation(() => LedgerEntry)
  awardPoints(
    @Args() { userId, points, reason }: AwardPointsArgs,
    @Ctx() context: ServiceContext,
  ): Promise<LedgerEntry> {
    return this.points.award(callerUserId(context), userId, points, reason);
  }

  @Authorized(Role.Admin)
  @Mutation(() => RecomputeResult, {
    description:
      'Corrects past credit of a rule to its current points with compensating entries; idempotent',
  })
  recomputePoints(@Arg('ruleId', () => ID) ruleId: string): Promise<RecomputeResult> {
    return this.points.recompute(ruleId);
  }
}
