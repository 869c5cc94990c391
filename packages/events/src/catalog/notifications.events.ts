import { z } from 'zod';
import { defineEvent } from './define-event';
import { id, instant, userId } from './fields';

/** The notifications service's inbox. */

export const notificationCreated = defineEvent({
  type: 'notification.created',
  version: 1,
  producer: 'notifications',
  description: "A notification entered a person's inbox: live inboxes push it with the new count",
  payload: z.object({
    notificationId: id,
    userId,
    category: z.enum(['ACCOUNT', 'TRAINING', 'COACHING', 'EVENTS', 'ENGAGEMENT', 'ANNOUNCEMENTS']),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    createdAt: instant,
    unreadCount: z.number().int().nonnegative(),
  }),
});

export const notificationEvents = [notificationCreated] as const;
