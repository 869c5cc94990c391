import { Role, type ServiceContext, callerUserId } from '@weace/service-kit';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Channel } from '../preferences/preferences.model';
import { SendNotificationInput } from './announcement.inputs';
import { Announcement, type AnnouncementDocument } from './announcement.model';
import type { AnnouncementService, DeliveryCount } from './announcement.service';

@ObjectType({
  description: "How many of an announcement's deliveries are in one channel and status",
})
export class AnnouncementDeliveryCount implements DeliveryCount {
  @Field(() => Channel)
  channel!: Channel;

  @Field({ description: 'QUEUED, SENT, FAILED or SKIPPED' })
  status!: string;

  @Field(() => Int)
  count!: number;
}

@Resolver(() => Announcement)
export class AnnouncementResolver {
  constructor(private readonly announcements: AnnouncementService) {}

  @Authorized(Role.Admin, Role.Organizer)
  @Mutation(() => Announcement, {
    description:
      'Notifies many people in batches (ADMIN; ORGANIZER for the registrants of their own events)',
  })
  sendNotification(
    @Arg('input') input: SendNotificationInput,
    @Ctx() context: ServiceContext,
  ): Promise<AnnouncementDocument> {
    return this.announcements.send(context.caller, callerUserId(context), input);
  }

  @Authorized(Role.Admin)
  @Query(() => Announcement, { description: 'An announcement with its progress (ADMIN)' })
  announcement(@Arg('id', () => ID) id: string): Promise<AnnouncementDocument> {
    return this.announcements.find(id);
  }

  @FieldResolver(() => [AnnouncementDeliveryCount])
  deliveries(@Root() announcement: AnnouncementDocument): Promise<DeliveryCount[]> {
    return this.announcements.deliveryCounts(announcement);
  }
}
