import { buildInvitation } from '@weace/calendar';
import type { Envelope } from '@weace/events';
import type { NotificationContent, Trigger } from '../notification/notifier';
import { zoneOf } from '../notification/notifier';
import type { Person } from '../people/people';
import { emailHtml, emailText } from './email-layout';
import { languageOf, renderText } from './template-engine';
import type { TemplateDefinition } from './templates';

/**
 * The trigger of one template for one event: each recipient's texts in their
 * language (English when the template has none), dates in their zone, and
 * the invitation the template attaches.
 */
export function templateTrigger(
  template: TemplateDefinition,
  event: Envelope,
  people: ReadonlyMap<string, Person>,
  appUrl: string,
): Trigger {
  const path = template.link(event);
  const link = path ? `${appUrl}${path}` : null;
  const names = Object.fromEntries([...people.values()].map((p) => [p.id, p.name]));
  const invitation = template.invitation?.(event);
  const ics =
    invitation &&
    buildInvitation({
      method: invitation.method,
      organizer: personOf(people.get(invitation.organizerId)),
      attendees: invitation.attendeeIds.map((id) => personOf(people.get(id))),
      entry: {
        uid: invitation.entry.uid,
        sequence: invitation.entry.sequence,
        startsAt: new Date(invitation.entry.startsAt),
        endsAt: new Date(invitation.entry.endsAt),
        summary: invitation.entry.summary,
        ...(link && { url: link }),
      },
    });
  return {
    sourceKey: event.id,
    template: template.key,
    category: template.category,
    critical: template.critical ?? false,
    actorId: event.actorId ?? null,
    channels: template.channels,
    digestOnly: template.digestOnly,
    render(person): NotificationContent {
      const language = languageOf(person?.locale);
      const text = template.text[language] ?? template.text.en;
      const context = {
        ...(event.payload as Record<string, unknown>),
        locale: person?.locale ?? 'en',
        timeZone: zoneOf(person),
        names,
      };
      const title = renderText(text.title, context);
      const body = renderText(text.body, context);
      return {
        title,
        body,
        link,
        email: { subject: title, text: emailText(body, link), html: emailHtml(title, body, link) },
        ...(invitation && ics && { invitation: { method: invitation.method, ics } }),
      };
    },
  };
}

function personOf(person: Person | undefined): { name: string; email: string } {
  return person
    ? { name: person.name, email: person.email }
    : { name: 'WeAce', email: 'no-reply@weace.local' };
}
