import { type ServiceContext, callerUserId } from '@weace/service-kit';
import { ArrayMaxSize, ValidateNested } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { AnswerInput } from '../assessment/assessment.inputs';
import { assessmentById } from '../assessment/assessment.loaders';
import { Assessment } from '../assessment/assessment.model';
import { Attempt, type AttemptDocument } from './attempt.model';
import type { AttemptService } from './attempt.service';

@ArgsType()
class AnswersArgs {
  @Field(() => ID)
  attemptId!: string;

  @Field(() => [AnswerInput], { nullable: true, description: 'Submit: default, the saved answers' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  answers?: AnswerInput[] | null;
}

@Resolver(() => Attempt)
export class AttemptResolver {
  constructor(private readonly attempts: AttemptService) {}

  @Authorized()
  @Query(() => Attempt, { description: 'Your own attempt; one past its deadline is graded first' })
  async attempt(@Arg('id', () => ID) id: string, @Ctx() context: ServiceContext): Promise<Attempt> {
    const attempt = await this.attempts.own(callerUserId(context), id);
    return (await this.attempts.settle(attempt)) ? this.attempts.own(attempt.userId, id) : attempt;
  }

  @Authorized()
  @Mutation(() => Attempt, {
    description: 'Your open attempt, or a new one (BAD_USER_INPUT naming why not)',
  })
  startAttempt(
    @Arg('assessmentId', () => ID) assessmentId: string,
    @Ctx() context: ServiceContext,
  ): Promise<Attempt> {
    return this.attempts.start(callerUserId(context), assessmentId);
  }

  @Authorized()
  @Mutation(() => Attempt, {
    description: 'Keeps answers until the deadline; they are graded then if not submitted',
  })
  saveAnswers(@Args() { attemptId, answers }: AnswersArgs, @Ctx() context: ServiceContext) {
    return this.attempts.save(callerUserId(context), attemptId, answers ?? []);
  }

  @Authorized()
  @Mutation(() => Attempt, {
    description: 'Grades once; FORBIDDEN DEADLINE_PASSED for answers after the deadline',
  })
  submitAttempt(@Args() { attemptId, answers }: AnswersArgs, @Ctx() context: ServiceContext) {
    return this.attempts.submit(callerUserId(context), attemptId, answers ?? null);
  }

  @FieldResolver(() => Assessment)
  assessment(@Root() attempt: AttemptDocument, @Ctx() context: ServiceContext) {
    return context.loaders.get(assessmentById).load(String(attempt.assessmentId));
  }
}
