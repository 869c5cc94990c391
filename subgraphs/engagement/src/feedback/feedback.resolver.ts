import {
  ConnectionType,
  type Connection,
  Role,
  type ServiceContext,
  callerUserId,
} from '@weace/service-kit';
import { Arg, Args, Authorized, Ctx, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { FeedbackResponsesArgs, FeedbackSubjectArgs, SubmitFeedbackInput } from './feedback.inputs';
import { Feedback } from './feedback.model';
import type { FeedbackService } from './feedback.service';
import { NpsSummary } from './nps';

@ObjectType({ description: 'A page of feedback responses, oldest first' })
class FeedbackConnection extends ConnectionType(Feedback) {}

@Resolver(() => Feedback)
export class FeedbackResolver {
  constructor(private readonly feedback: FeedbackService) {}

  @Authorized()
  @Mutation(() => Feedback, {
    description:
      'Gives (or updates) feedback on a course, session, event or coach one took part in',
  })
  submitFeedback(
    @Arg('input', () => SubmitFeedbackInput) input: SubmitFeedbackInput,
    @Ctx() context: ServiceContext,
  ): Promise<Feedback> {
    return this.feedback.submit(callerUserId(context), input);
  }

  @Authorized()
  @Query(() => NpsSummary, {
    nullable: true,
    description: 'Null when fewer people answered than the privacy threshold (except for ADMIN)',
  })
  feedbackSummary(
    @Args() { subjectType, subjectId }: FeedbackSubjectArgs,
    @Ctx() context: ServiceContext,
  ): Promise<NpsSummary | null> {
    return this.feedback.summary(context.caller, callerUserId(context), subjectType, subjectId);
  }

  @Authorized(Role.Admin)
  @Query(() => FeedbackConnection, { description: 'Scores and comments, no names' })
  feedbackResponses(@Args() args: FeedbackResponsesArgs): Promise<Connection<Feedback>> {
    return this.feedback.responses(args);
  }
}
