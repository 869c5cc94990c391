import type { Envelope, EventType } from '@weace/events';
import { Category } from '../notification/notification.model';
import type { Person } from '../people/people';
import { Channel } from '../preferences/preferences.model';

/** Title and body of one language (Handlebars sources; see template-engine.ts for helpers). */
export interface TemplateText {
  readonly title: string;
  readonly body: string;
}

/** Where recipients come from besides the event itself. */
export interface RecipientSources {
  /** People holding a seat of the event (kept from the registration.* events). */
  confirmedRegistrants(eventId: string): Promise<string[]>;
  /**
   * For its cancellation: those holding a seat, and those whose seat was
   * cancelled by someone else (with the event, whose registration.cancelled
   * may arrive first), not those who had cancelled themselves.
   */
  seatHoldersAtCancellation(eventId: string): Promise<string[]>;
  admins(): Promise<string[]>;
}

/** An RFC 5546 invitation a template attaches to its email. */
export interface InvitationSpec {
  readonly method: 'REQUEST' | 'CANCEL';
  readonly organizerId: string;
  readonly attendeeIds: readonly string[];
  readonly entry: {
    readonly uid: string;
    readonly sequence: number;
    readonly startsAt: string;
    readonly endsAt: string;
    readonly summary: string;
  };
}

/** How one domain event type becomes notifications. */
export interface TemplateDefinition<T extends EventType = EventType> {
  /** Unique per template; part of a notification's once-only key. */
  readonly key: string;
  readonly eventType: T;
  readonly category: Category;
  /** Always sent, on every channel it has, ignoring preferences and quiet hours. */
  readonly critical?: boolean;
  /** Whether the person who caused the event gets it too (receipts: yes; notices of their own change: no). */
  readonly notifyActor: boolean;
  /** Channels besides IN_APP (the inbox, always written). */
  readonly channels: readonly Channel[];
  /** Email goes into the daily digest whatever the category setting. */
  readonly digestOnly?: boolean;
  /** False: this event does not notify (e.g. a self-enrollment). Default: always. */
  applies?(event: Envelope<T>): boolean;
  recipients(event: Envelope<T>, sources: RecipientSources): Promise<string[]> | string[];
  /** The recipient as the event itself describes them (`user.*` snapshots), ahead of the directory. */
  snapshot?(event: Envelope<T>): Person;
  /** People named in the texts (`{{nameOf id}}`) besides the recipients. */
  mentions?(event: Envelope<T>): string[];
  /** The app path the notification opens. */
  link(event: Envelope<T>): string | null;
  invitation?(event: Envelope<T>): InvitationSpec;
  /** By language; `en` is the fallback and is required. */
  readonly text: { readonly en: TemplateText } & Readonly<Record<string, TemplateText>>;
}

function define<T extends EventType>(definition: TemplateDefinition<T>): TemplateDefinition {
  return definition as unknown as TemplateDefinition;
}

const EMAIL_PUSH = [Channel.EMAIL, Channel.PUSH] as const;
const ALL_CHANNELS = [Channel.EMAIL, Channel.SMS, Channel.PUSH] as const;

type SessionEvent = Envelope<
  'session.booked' | 'session.cancelled' | 'session.rescheduled' | 'session.reminder'
>;
const sessionPeople = (event: SessionEvent) => [event.payload.coachId, event.payload.coacheeId];
const sessionLink = (event: SessionEvent) => `/coaching/sessions/${event.payload.sessionId}`;
const sessionInvitation =
  (method: InvitationSpec['method']) =>
  (event: SessionEvent): InvitationSpec => ({
    method,
    organizerId: event.payload.coachId,
    attendeeIds: [event.payload.coacheeId],
    entry: {
      uid: event.payload.ics.uid,
      sequence: event.payload.ics.sequence,
      startsAt: event.payload.startsAt,
      endsAt: event.payload.endsAt,
      summary: event.payload.sessionTypeName,
    },
  });

/** Every template: one or more per domain event type that notifies. */
export const templates: readonly TemplateDefinition[] = [
  define({
    key: 'user.registered',
    eventType: 'user.registered',
    category: Category.ACCOUNT,
    notifyActor: true,
    channels: [Channel.EMAIL],
    recipients: (event) => [event.payload.user.id],
    snapshot: ({ payload: { user } }) => user,
    link: () => '/profile',
    text: {
      en: {
        title: 'Welcome to WeAce, {{user.name}}',
        body: 'Your account is ready. Find courses, coaches and events from your home page.',
      },
      fr: {
        title: 'Bienvenue sur WeAce, {{user.name}}',
        body: 'Votre compte est prêt. Trouvez formations, coachs et événements depuis votre accueil.',
      },
    },
  }),
  define({
    key: 'session.booked',
    eventType: 'session.booked',
    category: Category.COACHING,
    notifyActor: true,
    channels: EMAIL_PUSH,
    recipients: sessionPeople,
    mentions: sessionPeople,
    link: sessionLink,
    invitation: sessionInvitation('REQUEST'),
    text: {
      en: {
        title: '{{sessionTypeName}} booked for {{datetime startsAt}}',
        body: 'Coaching session of {{nameOf coacheeId}} with {{nameOf coachId}}, {{datetime startsAt}}.',
      },
    },
  }),
  define({
    key: 'session.cancelled',
    eventType: 'session.cancelled',
    category: Category.COACHING,
    notifyActor: false,
    channels: ALL_CHANNELS,
    recipients: sessionPeople,
    mentions: sessionPeople,
    link: sessionLink,
    invitation: sessionInvitation('CANCEL'),
    text: {
      en: {
        title: '{{sessionTypeName}} on {{datetime startsAt}} cancelled',
        body: 'The session of {{nameOf coacheeId}} with {{nameOf coachId}} was cancelled.{{#if reason}} Reason: {{reason}}{{/if}}',
      },
    },
  }),
  define({
    key: 'session.rescheduled',
    eventType: 'session.rescheduled',
    category: Category.COACHING,
    notifyActor: false,
    channels: ALL_CHANNELS,
    recipients: sessionPeople,
    mentions: sessionPeople,
    link: sessionLink,
    invitation: sessionInvitation('REQUEST'),
    text: {
      en: {
        title: '{{sessionTypeName}} moved to {{datetime startsAt}}',
        body: 'The session of {{nameOf coacheeId}} with {{nameOf coachId}} moved from {{datetime previousStartsAt}} to {{datetime startsAt}}.',
      },
    },
  }),
  define({
    key: 'session.reminder',
    eventType: 'session.reminder',
    category: Category.COACHING,
    notifyActor: true,
    channels: ALL_CHANNELS,
    recipients: sessionPeople,
    mentions: sessionPeople,
    link: sessionLink,
    text: {
      en: {
        title: '{{sessionTypeName}} starts in {{hoursBefore}} h',
        body: 'Coaching session of {{nameOf coacheeId}} with {{nameOf coachId}}, {{datetime startsAt}}.',
      },
    },
  }),
  define({
    key: 'registration.confirmed',
    eventType: 'registration.confirmed',
    category: Category.EVENTS,
    notifyActor: true,
    channels: EMAIL_PUSH,
    recipients: (event) => [event.payload.userId],
    link: (event) => `/events/${event.payload.eventId}`,
    text: {
      en: {
        title: 'Your seat at {{eventTitle}} is confirmed',
        body: '{{eventTitle}} starts {{datetime startsAt}}.',
      },
    },
  }),
  define({
    key: 'registration.waitlisted',
    eventType: 'registration.waitlisted',
    category: Category.EVENTS,
    notifyActor: true,
    channels: EMAIL_PUSH,
    recipients: (event) => [event.payload.userId],
    link: (event) => `/events/${event.payload.eventId}`,
    text: {
      en: {
        title: 'You are on the waitlist of {{eventTitle}}',
        body: 'You are number {{position}} on the waitlist. We tell you as soon as a seat frees up.',
      },
    },
  }),
  define({
    key: 'waitlist.offered',
    eventType: 'waitlist.offered',
    category: Category.EVENTS,
    notifyActor: true,
    channels: ALL_CHANNELS,
    recipients: (event) => [event.payload.userId],
    link: (event) => `/events/${event.payload.eventId}`,
    text: {
      en: {
        title: 'A seat at {{eventTitle}} is yours to claim',
        body: 'Claim it before {{datetime offerExpiresAt}}, or it goes to the next person waiting.',
      },
    },
  }),
  define({
    key: 'event.updated',
    eventType: 'event.updated',
    category: Category.EVENTS,
    notifyActor: false,
    channels: EMAIL_PUSH,
    applies: (event) => event.payload.changed.some((c) => c === 'time' || c === 'place'),
    recipients: (event, sources) => sources.confirmedRegistrants(event.payload.eventId),
    link: (event) => `/events/${event.payload.eventId}`,
    text: {
      en: {
        title: '{{title}} changed',
        body: 'Now {{datetime startsAt}}{{#if venueName}} at {{venueName}}{{/if}}.',
      },
    },
  }),
  define({
    key: 'event.cancelled',
    eventType: 'event.cancelled',
    category: Category.EVENTS,
    notifyActor: false,
    channels: ALL_CHANNELS,
    recipients: (event, sources) => sources.seatHoldersAtCancellation(event.payload.eventId),
    link: (event) => `/events/${event.payload.eventId}`,
    text: {
      en: {
        title: '{{title}} is cancelled',
        body: '{{title}} on {{datetime startsAt}} will not take place.{{#if reason}} {{reason}}{{/if}}',
      },
    },
  }),
  define({
    key: 'event.reminder',
    eventType: 'event.reminder',
    category: Category.EVENTS,
    notifyActor: true,
    channels: EMAIL_PUSH,
    recipients: (event) => event.payload.registrantIds,
    link: (event) => `/events/${event.payload.eventId}`,
    text: {
      en: {
        title: '{{title}} starts tomorrow',
        body: '{{title}} starts {{datetime startsAt}}{{#if venueName}} at {{venueName}}{{/if}}.',
      },
    },
  }),
  define({
    key: 'enrollment.created',
    eventType: 'enrollment.created',
    category: Category.TRAINING,
    notifyActor: true,
    channels: EMAIL_PUSH,
    applies: (event) => event.payload.source === 'ASSIGNED',
    recipients: (event) => [event.payload.userId],
    link: (event) => `/training/courses/${event.payload.courseId}`,
    text: {
      en: {
        title: 'You were assigned {{courseTitle}}',
        body: '{{#if dueAt}}Complete it by {{datetime dueAt}}.{{else}}Start whenever suits you.{{/if}}',
      },
    },
  }),
  define({
    key: 'enrollment.overdue',
    eventType: 'enrollment.overdue',
    category: Category.TRAINING,
    critical: true,
    notifyActor: true,
    channels: ALL_CHANNELS,
    recipients: (event) => [event.payload.userId],
    link: (event) => `/training/courses/${event.payload.courseId}`,
    text: {
      en: {
        title: '{{courseTitle}} is overdue',
        body: 'It was due {{datetime dueAt}}. Please complete it as soon as you can.',
      },
    },
  }),
  define({
    key: 'enrollment.overdue.admin',
    eventType: 'enrollment.overdue',
    category: Category.TRAINING,
    notifyActor: true,
    channels: [Channel.EMAIL],
    digestOnly: true,
    recipients: (_event, sources) => sources.admins(),
    mentions: (event) => [event.payload.userId],
    link: (event) => `/training/courses/${event.payload.courseId}`,
    text: {
      en: {
        title: '{{nameOf userId}} is overdue on {{courseTitle}}',
        body: 'The course was due {{datetime dueAt}}.',
      },
    },
  }),
  define({
    key: 'course.completed',
    eventType: 'course.completed',
    category: Category.TRAINING,
    notifyActor: true,
    channels: EMAIL_PUSH,
    recipients: (event) => [event.payload.userId],
    link: (event) => `/training/courses/${event.payload.courseId}`,
    text: {
      en: { title: 'You completed {{courseTitle}}', body: 'Well done!' },
    },
  }),
  define({
    key: 'certificate.issued',
    eventType: 'certificate.issued',
    category: Category.TRAINING,
    notifyActor: true,
    channels: EMAIL_PUSH,
    recipients: (event) => [event.payload.userId],
    link: (event) => `/certificates/verify/${event.payload.verificationCode}`,
    text: {
      en: {
        title: 'Your certificate for {{courseTitle}}',
        body: 'Anyone can verify it with its link.{{#if expiresAt}} Valid until {{datetime expiresAt}}.{{/if}}',
      },
    },
  }),
  define({
    key: 'certificate.expiring',
    eventType: 'certificate.expiring',
    category: Category.TRAINING,
    notifyActor: true,
    channels: EMAIL_PUSH,
    recipients: (event) => [event.payload.userId],
    link: (event) => `/training/courses/${event.payload.courseId}`,
    text: {
      en: {
        title: 'Your {{courseTitle}} certificate expires in {{daysLeft}} days',
        body: 'It expires {{datetime expiresAt}}. Recertification is open.',
      },
    },
  }),
  define({
    key: 'badge.awarded',
    eventType: 'badge.awarded',
    category: Category.ENGAGEMENT,
    notifyActor: true,
    channels: [Channel.PUSH],
    recipients: (event) => [event.payload.userId],
    link: () => '/achievements',
    text: {
      en: { title: 'New badge: {{badgeName}}', body: 'You earned the {{badgeName}} badge.' },
    },
  }),
  define({
    key: 'level.reached',
    eventType: 'level.reached',
    category: Category.ENGAGEMENT,
    notifyActor: true,
    channels: [Channel.PUSH],
    recipients: (event) => [event.payload.userId],
    link: () => '/achievements',
    text: { en: { title: 'Level {{level}}: {{levelName}}', body: 'You reached {{levelName}}.' } },
  }),
];

/** The event types that have templates: what the notifications consumer subscribes to. */
export const templatedEventTypes = [...new Set(templates.map((t) => t.eventType))];

export function templatesFor(type: string): TemplateDefinition[] {
  return templates.filter((template) => template.eventType === type);
}
