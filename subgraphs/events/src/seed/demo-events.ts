import type { EventBus, Scheduler } from '@weace/events';
import { type DemoProfile, Role } from '@weace/service-kit';
import type { Actor } from '../actor';
import { CheckInService } from '../check-in/check-in.service';
import type { Clock } from '../clock';
import type { CreateEventInput } from '../event/event.inputs';
import { EventFormat, EventModel } from '../event/event.model';
import { EventService } from '../event/event.service';
import { RegistrationService } from '../registration/registration.service';
import { Waitlist } from '../registration/waitlist';
import type { CreateEventSeriesInput } from '../series/series.inputs';
import { RecurrenceFrequency, Weekday } from '../series/series.model';
import { SeriesService } from '../series/series.service';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const actorOf = (profile: DemoProfile): Actor => ({ userId: profile.userId, roles: profile.roles });

/**
 * The demo organisation's events, made through the services so every domain
 * event is published: upcoming events of each format, a weekly series, a
 * full event with a waitlist, and two past events with check-ins (made on a
 * clock set back in time, as they were then). Does nothing when there are events.
 */
export async function seedDemoEvents(
  { events, jobs }: { events: EventBus; jobs: Scheduler },
  people: readonly DemoProfile[],
): Promise<void> {
  if (await EventModel.exists({})) return;
  const organiser = people.find((p) => p.roles.includes(Role.Organizer)) ?? people[0];
  if (!organiser) return;
  const learners = people.filter((p) => p.roles.length === 1 && p.roles[0] === Role.Learner);
  const host = actorOf(organiser);

  let now = Date.now();
  const clock: Clock = () => new Date(now);
  const waitlist = new Waitlist(events, jobs, clock);
  const registrations = new RegistrationService(events, jobs, waitlist, clock);
  const eventService = new EventService(events, jobs, registrations, waitlist, clock);
  const checkIns = new CheckInService(events, clock, 60);
  const series = new SeriesService(events, eventService, clock);

  const at = (days: number, hour: number) => {
    const day = new Date(now + days * DAY);
    day.setUTCHours(hour, 0, 0, 0);
    return day;
  };
  const publish = async (input: Omit<CreateEventInput, 'endsAt'>, hours = 2) => {
    const event = await eventService.create(host, {
      ...input,
      endsAt: new Date(input.startsAt.getTime() + hours * HOUR),
    } as CreateEventInput);
    return eventService.publish(host, event.id as string);
  };

  const webinar = await publish({
    title: 'Webinar: giving feedback that lands',
    description: 'Forty-five minutes on the SBI model, with questions at the end.',
    format: EventFormat.ONLINE,
    joinUrl: 'https://meet.weace.dev/feedback-webinar',
    timeZone: 'Europe/London',
    startsAt: at(3, 15),
    capacity: 200,
  });
  await publish({
    title: 'Workshop: negotiation basics',
    description: 'Role plays in pairs. Bring a real negotiation you are preparing.',
    format: EventFormat.VENUE,
    venueName: 'Lyon office, room Rhône',
    address: '12 quai Saint-Antoine, 69002 Lyon',
    timeZone: 'Europe/Paris',
    startsAt: at(5, 8),
    capacity: 20,
  });
  await publish({
    title: 'Leadership forum (hybrid)',
    description: 'Panel of team leads, in Berlin and online.',
    format: EventFormat.HYBRID,
    venueName: 'Berlin office, auditorium',
    address: 'Friedrichstraße 68, 10117 Berlin',
    joinUrl: 'https://meet.weace.dev/leadership-forum',
    timeZone: 'Europe/Berlin',
    startsAt: at(8, 14),
    capacity: 60,
  });
  await series.create(host, {
    title: 'Weekly learning hour',
    description: 'Bring what you are learning; leave with a next step.',
    format: EventFormat.ONLINE,
    joinUrl: 'https://meet.weace.dev/learning-hour',
    timeZone: 'America/New_York',
    startsAt: at(2, 16),
    endsAt: new Date(at(2, 16).getTime() + HOUR),
    capacity: 30,
    recurrence: { freq: RecurrenceFrequency.WEEKLY, interval: 1, byDay: [Weekday.TH], count: 8 },
    publish: true,
  } as CreateEventSeriesInput);
  const full = await publish({
    title: 'Masterclass: public speaking (small group)',
    description: 'Three seats, filmed practice, personal feedback.',
    format: EventFormat.VENUE,
    venueName: 'London office, studio',
    address: '1 Finsbury Avenue, London EC2M 2PF',
    timeZone: 'Europe/London',
    startsAt: at(10, 9),
    capacity: 2,
    waitlistEnabled: true,
  });
  for (const learner of learners) await registrations.register(actorOf(learner), full.id as string);
  for (const learner of learners.slice(0, 2)) {
    await registrations.register(actorOf(learner), webinar.id as string);
  }

  // Past events: made on a clock set back, then checked in at their start.
  const today = now;
  for (const [daysAgo, title] of [
    [14, 'Onboarding: tools and rituals'],
    [7, 'Retrospective techniques'],
  ] as const) {
    now = today - daysAgo * DAY;
    const past = await publish({
      title,
      description: 'Held in the main office.',
      format: EventFormat.VENUE,
      venueName: 'Main office, room 1',
      timeZone: 'Europe/London',
      startsAt: new Date(now + 2 * HOUR),
      capacity: 25,
    });
    const seats = [];
    for (const learner of learners) {
      seats.push(await registrations.register(actorOf(learner), past.id as string));
    }
    now = past.startsAt.getTime();
    for (const seat of seats.slice(0, Math.max(1, seats.length - 1))) {
      await checkIns.checkIn(host, past.id as string, seat.ticketCode, `demo-${seat.id as string}`);
    }
  }
}
