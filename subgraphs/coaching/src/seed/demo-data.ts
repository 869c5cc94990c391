import type { EventBus, Scheduler } from '@weace/events';
import { type DemoProfile, Role } from '@weace/service-kit';
import type { Logger } from 'pino';
import { Weekday } from '../availability/availability.model';
import { BookingService } from '../booking/booking.service';
import { Reminders } from '../booking/reminders';
import { SlotsService } from '../booking/slots.service';
import type { Actor } from '../caller';
import { type Clock, systemClock } from '../clock';
import { CoachProfileModel } from '../coach/coach-profile.model';
import { CoachService } from '../coach/coach.service';
import { NoteVisibility } from '../note/session-note.model';
import { NoteService } from '../note/note.service';
import { PackageService } from '../package/package.service';
import { SessionTypeService } from '../session-type/session-type.service';

const DAY = 86_400_000;
const WORKDAYS = [
  Weekday.MONDAY,
  Weekday.TUESDAY,
  Weekday.WEDNESDAY,
  Weekday.THURSDAY,
  Weekday.FRIDAY,
];

/** The demo coaches' zones, in the order the organisation lists coaches: two different ones. */
const COACH_ZONES = ['Europe/London', 'America/New_York'];

const OPEN_TYPE = {
  name: 'Career conversation',
  durationMinutes: 45,
  slotIntervalMinutes: 15,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 15,
  minimumNoticeMinutes: 4 * 60,
  bookingWindowDays: 60,
  cancellationNoticeMinutes: 12 * 60,
  requiresPackage: false,
  active: true,
};

const PACKAGE_TYPE = {
  ...OPEN_TYPE,
  name: 'Executive coaching',
  durationMinutes: 60,
  slotIntervalMinutes: 30,
  bufferBeforeMinutes: 10,
  cancellationNoticeMinutes: 24 * 60,
  maxPerDay: 3,
  requiresPackage: true,
};

const actorOf = (person: DemoProfile): Actor => ({ userId: person.userId, roles: person.roles });

/**
 * The demo organisation's coaching, through the service's own code paths so
 * every `session.*` event is published: the coaches' profiles, hours in two
 * zones and two session types (one requiring a package), a package for a
 * learner, booked sessions ahead and completed ones behind, with notes of
 * both kinds. Past sessions are booked on a clock set back two weeks.
 * Does nothing when there are coach profiles already.
 */
export async function seedCoachingDemo(
  people: readonly DemoProfile[],
  { events, jobs, logger }: { events: EventBus; jobs: Scheduler; logger: Logger },
): Promise<void> {
  if (await CoachProfileModel.exists({})) return;
  const coaches = people.filter((person) => person.roles.includes(Role.Coach));
  const admin = people.find((person) => person.roles.includes(Role.Admin));
  const learners = people.filter((person) => person.roles.length === 1);
  if (coaches.length < 2 || !admin || learners.length < 3) return;

  let now = systemClock();
  const clock: Clock = () => now;
  const coachService = new CoachService();
  const sessionTypes = new SessionTypeService();
  const packages = new PackageService(clock);
  // Reminders read the real clock: none is scheduled for a session already past.
  const bookings = new BookingService(
    events,
    coachService,
    sessionTypes,
    packages,
    new Reminders(jobs, systemClock),
    clock,
  );
  const slots = new SlotsService(coachService, sessionTypes, clock);
  const notes = new NoteService();

  const offers: { coach: DemoProfile; open: string; packaged: string }[] = [];
  for (const [i, coach] of coaches.slice(0, 2).entries()) {
    const actor = actorOf(coach);
    const timeZone = COACH_ZONES[i]!;
    await coachService.upsertMine(actor, {
      bio: `${coach.jobTitle} in the ${coach.department}.`,
      expertise: i === 0 ? ['leadership', 'feedback'] : ['career', 'negotiation'],
      languages: i === 0 ? ['en', 'fr'] : ['en'],
      timeZone,
      active: true,
    });
    await coachService.setMyAvailability(actor, {
      timeZone,
      weekly: WORKDAYS.flatMap((day) => [
        { day, start: '09:00', end: '12:00' },
        { day, start: '13:00', end: '17:30' },
      ]),
      overrides: [],
    });
    const open = await sessionTypes.create(actor, OPEN_TYPE);
    const packaged = await sessionTypes.create(actor, PACKAGE_TYPE);
    offers.push({ coach, open: open.id as string, packaged: packaged.id as string });
  }

  const [liam, mia, noah] = learners as [DemoProfile, DemoProfile, DemoProfile];
  await packages.grant(actorOf(admin), liam.userId, 6, new Date(now.getTime() + 180 * DAY));

  const firstSlot = async (learner: DemoProfile, coachId: string, typeId: string, after: Date) => {
    const [slot] = await slots.availableSlots(
      actorOf(learner),
      coachId,
      typeId,
      after,
      new Date(after.getTime() + 14 * DAY),
    );
    if (!slot) throw new Error(`no demo slot for ${coachId}`);
    return slot.start;
  };
  const book = async (learner: DemoProfile, coachId: string, typeId: string, after: Date) =>
    bookings.book(actorOf(learner), {
      coachId,
      sessionTypeId: typeId,
      startsAt: await firstSlot(learner, coachId, typeId, after),
    });

  // Two weeks back: sessions that have been held since, with notes.
  const today = systemClock();
  now = new Date(today.getTime() - 14 * DAY);
  const [carla, omar] = offers as [(typeof offers)[0], (typeof offers)[0]];
  const held = [
    await book(noah, carla.coach.userId, carla.open, new Date(now.getTime() + DAY)),
    await book(liam, omar.coach.userId, omar.packaged, new Date(now.getTime() + 2 * DAY)),
  ];
  now = today;
  for (const session of held) {
    const coach = offers.find((offer) => offer.coach.userId === session.coachId)!.coach;
    await bookings.complete(actorOf(coach), session.id as string, false);
    await notes.add(
      actorOf(coach),
      session.id as string,
      'Energy was low at the start; revisit workload before goals next time.',
      NoteVisibility.PRIVATE,
      logger,
    );
    await notes.add(
      actorOf(coach),
      session.id as string,
      'Agreed: one stretch goal for the quarter and a check-in in two weeks.',
      NoteVisibility.SHARED,
      logger,
    );
    const coachee = people.find((person) => person.userId === session.coacheeId)!;
    await notes.add(
      actorOf(coachee),
      session.id as string,
      'Ask about the leadership programme next time.',
      NoteVisibility.PRIVATE,
      logger,
    );
  }

  // Ahead: one open session and one spending Liam's package.
  await book(mia, carla.coach.userId, carla.open, new Date(today.getTime() + 2 * DAY));
  await book(liam, omar.coach.userId, omar.packaged, new Date(today.getTime() + 3 * DAY));
}
