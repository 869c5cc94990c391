import type { SubgraphDefinition } from '@weace/service-kit';
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
import { DELIVER_JOB, DIGEST_JOB, Notifier } from './notification/notifier';
import { People } from './people/people';
import { PreferencesResolver } from './preferences/preferences.resolver';
import { PreferencesService } from './preferences/preferences.service';
import { notificationsSchema } from './schema';
import { subscribeTemplates } from './template/template.consumer';
import { UnsubscribeLinks } from './unsubscribe/unsubscribe-link';

/** What tests change; production takes the defaults. */
export interface NotificationsOptions {
  /** The clock rules of time read (quiet hours, digests, retries). Default: the system clock. */
  readonly now?: () => Date;
  /** Jitter's randomness, in [0, 1). Default Math.random. */
  readonly random?: () => number;
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
      const push = new PushChannel({ subject: settings.vapidSubject, ...vapid });
      const people = new People(notificationsDb);
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
        deliveries.deliver((job.data as { deliveryId: string }).deliveryId, session),
      );
      jobs.define(DIGEST_JOB, async (job, { session }) => {
        await deliveries.sendDigest((job.data as { userId: string }).userId, session);
      });
      subscribeTemplates(events, notifier, people, settings.publicUrl);
      const preferences = new PreferencesService();
      return {
        resolvers: [
          new NotificationResolver(new NotificationService(now), deliveries),
          new PreferencesResolver(preferences),
          new DeliveryResolver(deliveries),
        ],
        async stop() {
          email.close();
          sms.close();
          await catcher?.stop();
        },
      };
    },
  };
}

export const notificationsSubgraph = createNotificationsSubgraph();
