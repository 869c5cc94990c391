import { ConnectionType } from '@weace/service-kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { Notification } from './notification.model';

@ObjectType()
export class NotificationConnection extends ConnectionType(Notification) {}

@ObjectType({ description: "The badge numbers of a person's inbox, counted exactly" })
export class NotificationCounts {
  @Field(() => Int, { description: 'Unread items not archived' })
  unread!: number;

  @Field(() => Int, { description: 'Items not yet seen in a list, not archived' })
  unseen!: number;
}
