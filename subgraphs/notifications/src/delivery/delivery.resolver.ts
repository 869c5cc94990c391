import { Role } from '@weace/service-kit';
import { Arg, Authorized, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Delivery, type DeliveryDocument } from './delivery.model';
import type { DeliveryService } from './delivery.service';

/** The dead letters of delivery: what failed for good, and replaying it (ADMIN). */
@Resolver(() => Delivery)
export class DeliveryResolver {
  constructor(private readonly deliveries: DeliveryService) {}

  @Authorized(Role.Admin)
  @Query(() => [Delivery], { description: 'Deliveries FAILED for good, newest first (ADMIN)' })
  failedNotificationDeliveries(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ): Promise<DeliveryDocument[]> {
    return this.deliveries.deadLetters(Math.min(Math.max(first, 1), 100));
  }

  @Authorized(Role.Admin)
  @Mutation(() => Delivery, {
    description: 'Queues a FAILED delivery again from its first attempt (ADMIN)',
  })
  replayNotificationDelivery(@Arg('id', () => ID) id: string): Promise<DeliveryDocument> {
    return this.deliveries.replay(id);
  }
}
