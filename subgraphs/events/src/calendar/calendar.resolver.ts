import type { ServiceContext } from '@weace/service-kit';
import { Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf } from '../actor';
import type { FeedTokens } from './feed-token.service';

@Resolver()
export class CalendarResolver {
  constructor(
    private readonly tokens: FeedTokens,
    private readonly links: { readonly publicUrl: string },
  ) {}

  private feedUrl(token: string): string {
    return `${this.links.publicUrl}/calendar/feed/${token}.ics`;
  }

  @Authorized()
  @Query(() => String, {
    description:
      'Your personal calendar feed (events, coaching sessions, course due dates) to subscribe to; keep it private',
  })
  async myCalendarFeedUrl(@Ctx() context: ServiceContext): Promise<string> {
    return this.feedUrl(await this.tokens.tokenOf(actorOf(context).userId));
  }

  @Authorized()
  @Mutation(() => String, { description: 'A new feed URL; the old one stops working at once' })
  async rotateCalendarFeedToken(@Ctx() context: ServiceContext): Promise<string> {
    return this.feedUrl(await this.tokens.rotate(actorOf(context).userId));
  }
}
