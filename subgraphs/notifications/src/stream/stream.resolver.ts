import { type ServiceContext, callerUserId } from '@weace/service-kit';
import { Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { LiveInbox } from './live-inbox';

@Resolver()
export class StreamResolver {
  constructor(private readonly live: LiveInbox) {}

  @Authorized()
  @Mutation(() => String, {
    description:
      'A one-minute, single-use ticket for GET /notifications/stream?ticket=… (EventSource sends no headers)',
  })
  notificationStreamTicket(@Ctx() context: ServiceContext): Promise<string> {
    return this.live.issueTicket(callerUserId(context));
  }
}
