import { type ServiceContext, callerUserId } from '@weace/service-kit';
import { IsOptional, Length, Max, Min } from 'class-validator';
import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
  Arg,
} from 'type-graphql';
import { User } from '../me/user.entity';
import { Period } from '../time/calendar';
import type { Board, BoardEntry, LeaderboardService } from './leaderboard.service';

registerEnumType(Period, {
  name: 'LeaderboardPeriod',
  description: "Points earned this week, this month (organisation's zone), or ever",
});

@ObjectType()
class LeaderboardEntry {
  @Field(() => Int, { description: 'Ties share a rank: 1, 2, 2, 4' })
  rank!: number;

  @Field(() => User)
  user!: User;

  @Field(() => Int)
  points!: number;
}

@ObjectType()
class Leaderboard {
  @Field(() => [LeaderboardEntry])
  entries!: LeaderboardEntry[];

  @Field(() => Int, { nullable: true, description: 'Null when you are not on this board' })
  myRank!: number | null;

  @Field({ description: 'The department has too few people to show a board' })
  withheld!: boolean;
}

@ArgsType()
class LeaderboardArgs {
  @Field(() => Period)
  period!: Period;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  department?: string | null;

  @Field(() => Int, { defaultValue: 20, description: 'At most 100' })
  @Min(1)
  @Max(100)
  first!: number;
}

function toGraphQL(board: Board): Leaderboard {
  return {
    ...board,
    entries: board.entries.map(({ rank, person, points }: BoardEntry) => ({
      rank,
      points,
      user: { id: person },
    })),
  };
}

@Resolver()
export class LeaderboardResolver {
  constructor(private readonly leaderboards: LeaderboardService) {}

  @Authorized()
  @Query(() => Leaderboard)
  async leaderboard(
    @Args() args: LeaderboardArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Leaderboard> {
    return toGraphQL(await this.leaderboards.board(callerUserId(context), args));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Leave (true) or rejoin (false) the leaderboards' })
  setLeaderboardOptOut(
    @Arg('optOut') optOut: boolean,
    @Ctx() context: ServiceContext,
  ): Promise<boolean> {
    return this.leaderboards.setOptOut(callerUserId(context), optOut);
  }
}
