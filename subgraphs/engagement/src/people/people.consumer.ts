import { randomUUID } from 'node:crypto';
import type { EventBus } from '@weace/events';
import type { ClientSession } from 'mongoose';
import { ActivityFactModel, ActivityModel } from '../analytics/activity.model';
import { BadgeAwardModel } from '../badges/badge.model';
import { FeedbackModel } from '../feedback/feedback.model';
import { ParticipationModel } from '../feedback/participation.model';
import { LedgerEntryModel } from '../ledger/ledger-entry.model';
import { TotalModel } from '../ledger/total.model';
import { ActiveDayModel } from '../streaks/active-day.model';
import { ParticipantModel } from './participant.model';

/**
 * `user.deleted`: the person's ledger entries, feedback and badges keep
 * counting under a random pseudonym that nothing links back to them; what
 * only described them (boards, active days, participations) goes.
 */
async function anonymise(session: ClientSession, person: string): Promise<string> {
  const pseudonym = `deleted-${randomUUID()}`;
  await LedgerEntryModel.updateMany(
    { person },
    { $set: { person: pseudonym } },
    { session },
  ).exec();
  await LedgerEntryModel.updateMany(
    { awardedBy: person },
    { $set: { awardedBy: null } },
    { session },
  ).exec();
  await FeedbackModel.updateMany({ person }, { $set: { person: pseudonym } }, { session }).exec();
  await ActivityFactModel.updateMany(
    { person },
    { $set: { person: pseudonym } },
    { session },
  ).exec();
  // Active days are keyed by person: moved to the pseudonym so past reports still count them.
  const days = await ActivityModel.find({ person }).session(session).lean().exec();
  if (days.length > 0) {
    await ActivityModel.insertMany(
      days.map(({ day, department }) => ({
        _id: `${pseudonym}:${day}`,
        person: pseudonym,
        day,
        department,
      })),
      { session },
    );
    await ActivityModel.deleteMany({ person }, { session }).exec();
  }
  await BadgeAwardModel.updateMany({ person }, { $set: { person: pseudonym } }, { session }).exec();
  await TotalModel.deleteMany({ person }, { session }).exec();
  await ActiveDayModel.deleteMany({ person }, { session }).exec();
  await ParticipationModel.deleteMany({ person }, { session }).exec();
  await ParticipantModel.updateOne(
    { _id: person },
    {
      $set: { deleted: true, name: '', department: null, timeZone: null },
    },
    { upsert: true, session },
  ).exec();
  return pseudonym;
}

/**
 * Keeps engagement's record of each person from the users service's
 * snapshots (latest wins), with the names and departments on their board
 * totals, and anonymises a deleted person.
 */
export function subscribePeople(events: EventBus): void {
  events.subscribe(
    'people',
    ['user.registered', 'user.confirmed', 'user.updated', 'user.deleted'],
    async (event, { session }) => {
      if (event.type === 'user.deleted') {
        await anonymise(session, event.payload.userId);
        return;
      }
      const { user } = event.payload;
      const known = await ParticipantModel.findById(user.id, { deleted: 1 })
        .session(session)
        .lean()
        .exec();
      if (known?.deleted) return;
      await ParticipantModel.updateOne(
        { _id: user.id },
        {
          $set: {
            name: user.name,
            department: user.department,
            timeZone: user.timeZone,
          },
          $setOnInsert: { registeredAt: new Date(event.occurredAt) },
        },
        { upsert: true, session },
      ).exec();
      await TotalModel.updateMany(
        { person: user.id },
        { $set: { name: user.name, department: user.department } },
        { session },
      ).exec();
    },
    { latestOnly: true },
  );
}
