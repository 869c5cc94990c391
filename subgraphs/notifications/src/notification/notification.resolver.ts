import {
  ForwardPageArgs,
  Role,
  type ServiceContext,
  callerUserId,
  identityOf,
} from '@weace/service-kit';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Delivery } from '../delivery/delivery.model';
import type { DeliveryService } from '../delivery/delivery.service';
import { NotificationConnection, NotificationCounts } from './notification.connection';
import { NotificationFilter } from './notification.inputs';
import { Notification, type NotificationDocument } from './notification.model';
import type { NotificationService } from './notification.service';

@Resolver(() => Notification)
export class NotificationResolver {
  constructor(
    private readonly notifications: NotificationService,
    private readonly deliveries: DeliveryService,
  ) {}

  @Authorized()
  @Query(() => NotificationConnection, { description: 'My inbox, newest first' })
  myNotifications(
    @Args() page: ForwardPageArgs,
    @Arg('filter', () => NotificationFilter, { nullable: true }) filter: NotificationFilter | null,
    @Ctx() context: ServiceContext,
  ) {
    return this.notifications.list(callerUserId(context), page, filter ?? {});
  }

  @Authorized()
  @Query(() => NotificationCounts)
  myNotificationCounts(@Ctx() context: ServiceContext): Promise<NotificationCounts> {
    return this.notifications.counts(callerUserId(context));
  }

  @Authorized()
  @Query(() => [Delivery], {
    description: 'Proof of delivery of one of my notifications (any, for ADMIN), per channel',
  })
  async notificationDeliveries(
    @Arg('notificationId', () => ID) notificationId: string,
    @Ctx() context: ServiceContext,
  ): Promise<Delivery[]> {
    const admin = identityOf(context)?.roles.includes(Role.Admin) ?? false;
    const item = await this.notifications.findOwn(
      admin ? null : callerUserId(context),
      notificationId,
    );
    return this.deliveries.ofNotification(item._id);
  }

  @Authorized()
  @Mutation(() => [Notification], { description: 'Marks my notifications read; returns them' })
  markNotificationsRead(
    @Arg('ids', () => [ID]) ids: string[],
    @Ctx() context: ServiceContext,
  ): Promise<NotificationDocument[]> {
    return this.notifications.markRead(callerUserId(context), ids);
  }

  @Authorized()
  @Mutation(() => NotificationCounts, { description: 'Marks my whole inbox read' })
  markAllNotificationsRead(@Ctx() context: ServiceContext): Promise<NotificationCounts> {
    return this.notifications.markAllRead(callerUserId(context));
  }

  @Authorized()
  @Mutation(() => NotificationCounts, { description: 'My inbox was looked at: the badge clears' })
  markNotificationsSeen(@Ctx() context: ServiceContext): Promise<NotificationCounts> {
    return this.notifications.markAllSeen(callerUserId(context));
  }

  @Authorized()
  @Mutation(() => Notification, {
    description: 'Moves one of my notifications to the archive (read)',
  })
  archiveNotification(
    @Arg('id', () => ID) id: string,
    @Ctx() context: ServiceContext,
  ): Promise<NotificationDocument> {
    return this.notifications.archive(callerUserId(context), id);
  }

  @FieldResolver(() => Boolean)
  read(@Root() notification: NotificationDocument): boolean {
    return notification.readAt !== null;
  }
}
