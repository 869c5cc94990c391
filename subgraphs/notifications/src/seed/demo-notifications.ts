import { type Caller, type DemoProfile, Role } from '@weace/service-kit';
import { AnnouncementModel, AnnouncementStatus } from '../announcement/announcement.model';
import type { AnnouncementService } from '../announcement/announcement.service';
import { Category, NotificationModel } from '../notification/notification.model';
import type { NotificationService } from '../notification/notification.service';
import { Channel } from '../preferences/preferences.model';

const DEMO_ANNOUNCEMENTS = [
  {
    key: 'demo-announcement-platform',
    category: Category.ANNOUNCEMENTS,
    title: 'WeAce is live for the whole company',
    body: 'Courses, coaching and events now live in one place. Have a look around!',
    channels: [Channel.IN_APP, Channel.EMAIL],
  },
  {
    key: 'demo-announcement-compliance',
    category: Category.TRAINING,
    title: 'Annual compliance training opens on Monday',
    body: 'Everyone completes Information Security Basics this quarter.',
    channels: [Channel.IN_APP],
  },
  {
    key: 'demo-announcement-offsite',
    category: Category.EVENTS,
    title: 'Save the date: autumn offsite',
    body: 'Registration opens next week in Events.',
    channels: [Channel.IN_APP],
  },
];

/**
 * The demo's inbox: three announcements from the demo admin to everybody,
 * through the announcement service (so `notification.created` is published),
 * the oldest one read. Welcome emails come on their own from the demo
 * people's `user.registered`. Does nothing when the demo announcements exist.
 */
export async function seedDemoNotifications(
  people: readonly DemoProfile[],
  announcements: AnnouncementService,
  notifications: NotificationService,
): Promise<void> {
  const admin = people.find((person) => person.roles.includes(Role.Admin));
  if (!admin || (await AnnouncementModel.exists({ idempotencyKey: DEMO_ANNOUNCEMENTS[0]!.key }))) {
    return;
  }
  const caller: Caller = {
    kind: 'user',
    identity: { sub: 'demo-seed', userId: admin.userId, roles: [Role.Admin] },
  };
  const sent = [];
  for (const demo of DEMO_ANNOUNCEMENTS) {
    sent.push(
      await announcements.send(caller, admin.userId, {
        audience: { userIds: people.map((person) => person.userId) },
        category: demo.category,
        title: demo.title,
        body: demo.body,
        channels: demo.channels,
        idempotencyKey: demo.key,
      }),
    );
  }
  // The fan-out runs as jobs; the first is read once it reached everybody.
  const first = sent[0]!;
  for (let waited = 0; waited < 20_000; waited += 200) {
    const done = await AnnouncementModel.exists({
      _id: first._id,
      status: AnnouncementStatus.DONE,
    });
    if (done) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const items = await NotificationModel.find({
    sourceKey: `announcement:${String(first._id)}`,
  }).lean();
  for (const item of items) await notifications.markRead(item.userId, [String(item._id)]);
}
