import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Envelope } from '@weace/events';
import { eventually } from '@weace/test-kit/subgraph';
import { CapturedMessageModel } from '../channels/captured-message.model';
import { DeliveryModel } from '../delivery/delivery.model';
import { Channel } from '../preferences/preferences.model';
import { NotificationModel } from '../notification/notification.model';
import { RegistrantModel } from './registrant.model';
import {
  type NotificationsHarness,
  addPerson,
  domainEvent,
  startNotificationsHarness,
} from '../testing/notifications-harness';

let harness: NotificationsHarness;
beforeAll(async () => {
  harness = await startNotificationsHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const SOON = '2026-07-01T09:00:00.000Z';
const LATER = '2026-07-01T10:00:00.000Z';

/** Publishes `event` and waits until its consumer is done with it. */
async function deliver(event: Envelope, expectedNotifications: number) {
  await harness.transport.publish(event);
  await eventually(
    async () =>
      (await NotificationModel.countDocuments({ sourceKey: event.id })) >= expectedNotifications,
  );
}

const recipientsOf = async (event: Envelope, template: string = event.type) =>
  (await NotificationModel.find({ sourceKey: event.id, template }).lean())
    .map((n) => n.userId)
    .sort();

function session(coachId: string, coacheeId: string) {
  return {
    sessionId: 's1',
    coachId,
    coacheeId,
    sessionTypeId: 't1',
    sessionTypeName: 'Career coaching',
    startsAt: SOON,
    endsAt: LATER,
    timeZone: 'Europe/Paris',
    ics: { uid: 'session-s1@weace', sequence: 0 },
  };
}

function eventPayload(organizerId: string) {
  return {
    eventId: 'e1',
    seriesId: null,
    title: 'Design sprint',
    format: 'VENUE' as const,
    timeZone: 'Europe/London',
    startsAt: SOON,
    endsAt: LATER,
    allDay: false,
    venueName: 'Room 4',
    address: null,
    organizerIds: [organizerId],
    ics: { uid: 'event-e1@weace', sequence: 1 },
  };
}

function registration(
  type: 'registration.confirmed' | 'registration.cancelled',
  userId: string,
  id: string,
) {
  const base = {
    registrationId: id,
    eventId: 'e1',
    eventTitle: 'Design sprint',
    userId,
    startsAt: SOON,
    endsAt: LATER,
  };
  return type === 'registration.confirmed'
    ? domainEvent(type, { ...base, viaWaitlistOffer: false }, { subject: id, actorId: userId })
    : domainEvent(
        type,
        { ...base, previousStatus: 'CONFIRMED', cancelledBy: userId, reason: null },
        { subject: id, actorId: userId, sequence: 2 },
      );
}

describe('templates for the domain events', () => {
  it('welcomes a registered person by email in their language, from the event snapshot', async () => {
    const event = domainEvent('user.registered', {
      user: {
        id: 'new-person',
        subject: 'sub-new',
        email: 'amelie@example.com',
        name: 'Amélie',
        locale: 'fr-FR',
        timeZone: 'Europe/Paris',
        department: null,
        roles: ['LEARNER'],
        status: 'PENDING',
      },
    });
    await deliver(event, 1);
    const [welcome] = await NotificationModel.find({ sourceKey: event.id }).lean();
    expect(welcome).toMatchObject({
      userId: 'new-person',
      category: 'ACCOUNT',
      title: 'Bienvenue sur WeAce, Amélie',
    });
    await eventually(
      async () => (await CapturedMessageModel.countDocuments({ to: 'amelie@example.com' })) === 1,
    );
    const email = await CapturedMessageModel.findOne({ to: 'amelie@example.com' }).lean();
    expect(email?.subject).toBe('Bienvenue sur WeAce, Amélie');
    expect(email?.details).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('tells coach and coachee of a booking with an ICS REQUEST, and of a cancellation with CANCEL, not the canceller', async () => {
    const coach = await addPerson({ name: 'Cora Coach' });
    const coachee = await addPerson({ name: 'Lee Learner', timeZone: 'America/New_York' });
    const booked = domainEvent('session.booked', session(coach.id, coachee.id), {
      actorId: coachee.id,
    });
    await deliver(booked, 2);
    expect(await recipientsOf(booked)).toEqual([coach.id, coachee.id].sort());
    const forCoachee = await NotificationModel.findOne({
      sourceKey: booked.id,
      userId: coachee.id,
    }).lean();
    // 09:00 UTC is 05:00 in New York.
    expect(forCoachee?.title).toBe('Career coaching booked for Wednesday, July 1, 2026 at 5:00 AM');
    expect(forCoachee?.body).toContain('Lee Learner with Cora Coach');
    await eventually(
      async () => (await CapturedMessageModel.countDocuments({ to: coach.email })) === 1,
    );
    const invitation = await CapturedMessageModel.findOne({ to: coach.email }).lean();
    expect(invitation?.details).toContain('attachment: text/calendar');

    const cancelled = domainEvent(
      'session.cancelled',
      { ...session(coach.id, coachee.id), cancelledBy: coach.id, reason: 'Ill', late: false },
      { actorId: coach.id },
    );
    await deliver(cancelled, 1);
    expect(await recipientsOf(cancelled)).toEqual([coachee.id]);
    const emailDelivery = await DeliveryModel.findOne({
      sourceKey: cancelled.id,
      channel: Channel.EMAIL,
    }).lean();
    expect(emailDelivery?.message?.ics ?? '').toContain('METHOD:CANCEL');
    expect(emailDelivery?.message?.ics ?? '').toContain('ORGANIZER');
  });

  it('reminds coach and coachee of a session', async () => {
    const coach = await addPerson();
    const coachee = await addPerson();
    const reminder = domainEvent('session.reminder', {
      ...session(coach.id, coachee.id),
      hoursBefore: 24,
    });
    await deliver(reminder, 2);
    expect(await recipientsOf(reminder)).toEqual([coach.id, coachee.id].sort());
  });

  it('sends receipts to the registrant, and event changes to confirmed registrants but not the organiser', async () => {
    const organiser = await addPerson();
    const alice = await addPerson();
    const bob = await addPerson();
    const carol = await addPerson();
    const confirmedA = registration('registration.confirmed', alice.id, 'r1');
    await deliver(confirmedA, 1);
    expect(await recipientsOf(confirmedA)).toEqual([alice.id]);
    await deliver(registration('registration.confirmed', bob.id, 'r2'), 1);
    await deliver(registration('registration.confirmed', organiser.id, 'r3'), 1);
    await deliver(registration('registration.confirmed', carol.id, 'r4'), 1);
    await harness.transport.publish(registration('registration.cancelled', carol.id, 'r4'));
    await eventually(
      async () => (await RegistrantModel.exists({ _id: 'r4', status: 'CANCELLED' })) !== null,
    );

    const waitlisted = domainEvent('registration.waitlisted', {
      registrationId: 'r5',
      eventId: 'e1',
      eventTitle: 'Design sprint',
      userId: carol.id,
      startsAt: SOON,
      endsAt: LATER,
      position: 1,
    });
    await deliver(waitlisted, 1);
    expect(await recipientsOf(waitlisted)).toEqual([carol.id]);

    const offered = domainEvent('waitlist.offered', {
      registrationId: 'r5',
      eventId: 'e1',
      eventTitle: 'Design sprint',
      userId: carol.id,
      startsAt: SOON,
      endsAt: LATER,
      offerExpiresAt: '2026-06-30T18:00:00.000Z',
    });
    await deliver(offered, 1);
    const offer = await NotificationModel.findOne({ sourceKey: offered.id }).lean();
    // The claim deadline in Carol's zone (London, summer time).
    expect(offer?.body).toContain('Tuesday, June 30, 2026 at 7:00 PM');

    await eventually(async () => (await recipientsOf(offered)).length === 1);
    const moved = domainEvent(
      'event.updated',
      { ...eventPayload(organiser.id), changed: ['time'] },
      { actorId: organiser.id },
    );
    await deliver(moved, 2);
    await eventually(async () => (await recipientsOf(moved)).length === 2);
    expect(await recipientsOf(moved)).toEqual([alice.id, bob.id].sort());

    const detailsOnly = domainEvent('event.updated', {
      ...eventPayload(organiser.id),
      changed: ['details'],
    });
    const cancelled = domainEvent(
      'event.cancelled',
      { ...eventPayload(organiser.id), reason: null },
      { actorId: organiser.id },
    );
    // The events service cancels each seat with the event, announcing it first.
    const seatCancelled = domainEvent(
      'registration.cancelled',
      {
        registrationId: 'r2',
        eventId: 'e1',
        eventTitle: 'Design sprint',
        userId: bob.id,
        startsAt: SOON,
        endsAt: LATER,
        previousStatus: 'CONFIRMED',
        cancelledBy: organiser.id,
        reason: 'The event was cancelled',
      },
      { subject: 'r2', sequence: 2, actorId: organiser.id },
    );
    await harness.transport.publish(seatCancelled);
    await eventually(
      async () => (await RegistrantModel.exists({ _id: 'r2', status: 'CANCELLED' })) !== null,
    );
    await harness.transport.publish(detailsOnly);
    await deliver(cancelled, 2);
    expect(await recipientsOf(cancelled)).toEqual([alice.id, bob.id].sort());
    expect(await NotificationModel.countDocuments({ sourceKey: detailsOnly.id })).toBe(0);

    const reminder = domainEvent('event.reminder', {
      ...eventPayload(organiser.id),
      registrantIds: [alice.id],
    });
    await deliver(reminder, 1);
    expect(await recipientsOf(reminder)).toEqual([alice.id]);
  });

  it('notifies learners of assignments, overdue courses (and admins in a digest), completions and certificates', async () => {
    const learner = await addPerson();
    const admin = await addPerson({ roles: ['ADMIN', 'LEARNER'] });
    const course = { courseId: 'c1', courseTitle: 'Safety first', userId: learner.id };
    const self = domainEvent('enrollment.created', {
      ...course,
      enrollmentId: 'n0',
      source: 'SELF',
      dueAt: null,
      cycle: 1,
    });
    const assigned = domainEvent('enrollment.created', {
      ...course,
      enrollmentId: 'n1',
      source: 'ASSIGNED',
      dueAt: SOON,
      cycle: 1,
    });
    await harness.transport.publish(self);
    await deliver(assigned, 1);
    expect(await recipientsOf(assigned)).toEqual([learner.id]);
    expect(await NotificationModel.countDocuments({ sourceKey: self.id })).toBe(0);

    const overdue = domainEvent('enrollment.overdue', {
      ...course,
      enrollmentId: 'n1',
      dueAt: SOON,
    });
    await deliver(overdue, 2);
    expect(await recipientsOf(overdue)).toEqual([learner.id]);
    expect(await recipientsOf(overdue, 'enrollment.overdue.admin')).toEqual([admin.id]);
    const adminEmail = await DeliveryModel.findOne({
      sourceKey: overdue.id,
      userId: admin.id,
    }).lean();
    expect(adminEmail).toMatchObject({ channel: 'EMAIL', status: 'SKIPPED', reason: 'DIGEST' });

    const completed = domainEvent(
      'course.completed',
      { ...course, enrollmentId: 'n1', completedAt: SOON, grade: 90, cycle: 1 },
      { actorId: learner.id },
    );
    await deliver(completed, 1);
    expect(await recipientsOf(completed)).toEqual([learner.id]);

    const certificate = {
      certificateId: 'cert1',
      courseId: 'c1',
      courseTitle: 'Safety first',
      userId: learner.id,
      cycle: 1,
    };
    const issued = domainEvent('certificate.issued', {
      ...certificate,
      verificationCode: 'ab'.repeat(16),
      issuedAt: SOON,
      expiresAt: null,
    });
    await deliver(issued, 1);
    const issuedItem = await NotificationModel.findOne({ sourceKey: issued.id }).lean();
    expect(issuedItem?.link).toBe(`http://localhost:3000/certificates/verify/${'ab'.repeat(16)}`);
    const expiring = domainEvent('certificate.expiring', {
      ...certificate,
      expiresAt: LATER,
      daysLeft: 30,
    });
    await deliver(expiring, 1);
    expect(await recipientsOf(expiring)).toEqual([learner.id]);
  });

  it('congratulates on badges and levels', async () => {
    const person = await addPerson();
    const badge = domainEvent('badge.awarded', {
      userId: person.id,
      badgeId: 'b1',
      badgeName: 'Early bird',
      awardedAt: SOON,
      period: null,
    });
    const level = domainEvent('level.reached', {
      userId: person.id,
      level: 2,
      levelName: 'Explorer',
      total: 200,
    });
    await deliver(badge, 1);
    await deliver(level, 1);
    expect(await recipientsOf(badge)).toEqual([person.id]);
    expect((await NotificationModel.findOne({ sourceKey: level.id }).lean())?.title).toBe(
      'Level 2: Explorer',
    );
  });

  it('notifies once for an event delivered twice', async () => {
    const person = await addPerson();
    const level = domainEvent('level.reached', {
      userId: person.id,
      level: 3,
      levelName: 'Guide',
      total: 300,
    });
    await deliver(level, 1);
    await harness.transport.publish(level);
    const marker = domainEvent('level.reached', {
      userId: person.id,
      level: 4,
      levelName: 'Sage',
      total: 400,
    });
    await deliver(marker, 1);
    expect(await NotificationModel.countDocuments({ sourceKey: level.id })).toBe(1);
    expect(await DeliveryModel.countDocuments({ sourceKey: level.id })).toBe(1);
  });
});
