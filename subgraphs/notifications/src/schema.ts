import type { SubgraphDefinition } from '@weace/service-kit';
import { AnnouncementResolver } from './announcement/announcement.resolver';
import { DeliveryResolver } from './delivery/delivery.resolver';
import { NotificationResolver } from './notification/notification.resolver';
import { PhoneResolver } from './phone/phone.resolver';
import { PreferencesResolver } from './preferences/preferences.resolver';
import { StreamResolver } from './stream/stream.resolver';

/** The notifications subgraph's schema: the inbox, preferences, announcements, delivery history. */
export const notificationsSchema: SubgraphDefinition['schema'] = {
  resolvers: [
    NotificationResolver,
    PreferencesResolver,
    DeliveryResolver,
    StreamResolver,
    AnnouncementResolver,
    PhoneResolver,
  ],
};
