import { PeopleDirectory, type SubgraphDefinition } from '@weace/service-kit';
import { Router } from 'express';
import type { Agent } from 'node:https';
import { AnnouncementResolver } from './announcement/announcement.resolver';
import { AnnouncementService, FANOUT_JOB } from './announcement/announcement.service';
import { localOutboxRoutes } from './channels/local-outbox.routes';
import { startLocalMailCatcher } from './channels/local-sinks';
import { EmailChannel } from './channels/email.channel';
import { PushChannel, generateVapidKeys } from './channels/push.channel';
import { localSmsChannel, snsSmsChannel } from './channels/sms.channel';
import { loadNotificationsSettings } from './config';
import { notificationsDb } from './db';
import { DeliveryResolver } from './delivery/delivery.resolver';
import { DeliveryService } from './delivery/delivery.service';
import { NotificationResolver } from './notification/notification.resolver';
import { NotificationService } from './notification/notification.service';
import { DELIVER_JOB, DIGEST_JOB, type DeliverJobData, Notifier } from './notification/notifier';
import { subscribeErasure } from './erasure/erasure.consumer';
import { People } from './people/people';
import { PhoneResolver } from './phone/phone.resolver';
import { PhoneService } from './phone/phone.service';
import { PreferencesResolver } from './preferences/preferences.resolver';
import { PreferencesService } from './preferences/preferences.service';
import { notificationsSchema } from './schema';
import { seedDemoNotifications } from './seed/demo-notifications';
import { LiveInbox } from './stream/live-inbox';
import { StreamResolver } from './stream/stream.resolver';
import { streamRoutes } from './stream/stream.routes';
import { subscribeTemplates } from './template/template.consumer';
import { unsubscribeRoutes } from './unsubscribe/unsubscribe.routes';
import { UnsubscribeLinks } from './unsubscribe/unsubscribe-link';

/** What tests change; production takes the defaults. */
export interface NotificationsOptions {
  /** The clock rules of time read (quiet hours, digests, retries). Default: the system clock. */
  readonly now?: () => Date;
  /** Jitter's randomness, in [0, 1). Default Math.random. */
  readonly random?: () => number;
  /** How push services are reached. Default: Node's global HTTPS agent. */
  readonly pushAgent?: Agent;
}

/**
 * Notifications: the in-app inbox, email, SMS and push with preferences,
 * quiet hours, digests and proof of delivery; database `weace_notifications`.
 */
export function createNotificationsSubgraph(
  options: NotificationsOptions = {},
): SubgraphDefinition {
  const now = options.now ?? (() => new Date());
  return {
    name: 'notifications',
    port: 3006,
    schema: notificationsSchema,
    async start({ config, env, logger, events, jobs }) {
      const settings = loadNotificationsSettings(env, config);
      const catcher = settings.smtpUrl ? undefined : await startLocalMailCatcher();
      if (catcher)
        logger.info(
          { smtp: catcher.url },
          'no NOTIFICATIONS_SMTP_URL: email goes to the local catcher',
        );
      const email = new EmailChannel(
        settings.emailFrom,
        settings.smtpUrl ?? catcher!.url,
        settings.secondarySmtpUrl,
      );
      const sms = settings.smsProvider === 'sns' ? snsSmsChannel() : localSmsChannel();
      const vapid = settings.vapid ?? generateVapidKeys();
      const push = new PushChannel({ subject: settings.vapidSubject, ...vapid }, options.pushAgent);
      const people = new People(new PeopleDirectory(events, notificationsDb));
      const links = new UnsubscribeLinks(settings.linkSigningKey, settings.publicUrl);
      const notifier = new Notifier({ events, jobs, people, now });
      const deliveries = new DeliveryService({
        jobs,
        people,
        senders: { email, sms, push },
        links,
        maxAttempts: settings.maxAttempts,
        retryBaseMs: settings.retryBaseMs,
        now,
        random: options.random,
      });
      jobs.define(DELIVER_JOB, (job, { session }) =>
        deliveries.deliverAll((job.data as DeliverJobData).deliveryIds, session),
      );
      jobs.define(DIGEST_JOB, async (job, { session }) => {
        await deliveries.sendDigest((job.data as { userId: string }).userId, session);
      });
      subscribeTemplates(events, notifier, people, settings.appUrl);
      subscribeErasure(events);
      const announcements = new AnnouncementService({
        events,
        jobs,
        notifier,
        people,
        appUrl: settings.appUrl,
        batchSize: settings.fanoutBatch,
        now,
      });
      jobs.define(FANOUT_JOB, (job, { session }) =>
        announcements.fanOut((job.data as { announcementId: string }).announcementId, session),
      );
      const preferences = new PreferencesService();
      const notifications = new NotificationService(now);
      const live = new LiveInbox(notifications, now);
      await live.listen(events);
      const routes = Router();
      routes.use(streamRoutes(live), unsubscribeRoutes(links, preferences));
      if (config.nodeEnv !== 'production') {
        routes.use(localOutboxRoutes());
        logger.info(
          { url: `http://127.0.0.1:${config.port}/notifications/local-outbox` },
          'the local outbox page shows every email, SMS and push sent',
        );
      }
      return {
        resolvers: [
          new NotificationResolver(notifications, deliveries),
          new PreferencesResolver(preferences),
          new DeliveryResolver(deliveries),
          new StreamResolver(live),
          new AnnouncementResolver(announcements),
          new PhoneResolver(new PhoneService(sms, settings.linkSigningKey, now)),
        ],
        routes,
        seedDemo: (demoPeople) => seedDemoNotifications(demoPeople, announcements, notifications),
        async stop() {
          await live.close();
          email.close();
          sms.close();
          await catcher?.stop();
        },
      };
    },
  };
}

export const notificationsSubgraph = createNotificationsSubgraph();
