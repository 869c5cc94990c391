import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { isDuplicateKeyError } from '@weace/service-kit';
import { BadgeAwarder } from '../badges/badge-awarder';
import { engagementDb } from '../db';
import { feedbackSubjectTitle } from '../feedback/feedback-title';
import { ensureDefaultRules } from '../rules/points-rule.service';
import { PointsRuleModel } from '../rules/points-rule.model';
import {
  type EngagementHarness,
  domainEvent,
  engagementEventBus,
  eventually,
  lessonCompleted,
  newUserId,
  publish,
  registerPerson,
  startEngagementHarness,
} from '../testing/engagement-harness';
import { EntryKind, LedgerEntryModel } from './ledger-entry.model';
import { Ledger } from './ledger.service';
import { TotalModel } from './total.model';

let harness: EngagementHarness;
beforeAll(async () => {
  harness = await startEngagementHarness();
});
afterAll(() => harness.stop());
beforeEach(async () => {
  await harness.clear();
  await ensureDefaultRules();
});

const handled = (eventId: string) =>
  engagementDb.collection('inbox').countDocuments({ consumer: 'engagement-scoring', eventId });

async function pointsOf(person: string): Promise<number> {
  const total = await TotalModel.findById(`ALL:${person}`).lean();
  return total?.points ?? 0;
}

describe('the idempotent ledger (rule 1)', () => {
  it('credits a domain event delivered twice once', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    const event = lessonCompleted(ann);
    await publish(harness, event, event);
    await eventually(async () => (await pointsOf(ann)) === 10);
    await eventually(async () => (await handled(event.id)) === 1);
    expect(await LedgerEntryModel.countDocuments({ person: ann })).toBe(1);
  });

  it('credits two consumers racing on the same event once', async () => {
    const ann = newUserId();
    const events = engagementEventBus(harness);
    const ledger = new Ledger(events, new BadgeAwarder(events), feedbackSubjectTitle);
    const event = lessonCompleted(ann);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        events.withTransaction((session) => ledger.scoreEvent(session, event)),
      ),
    );
    // A racer that lost may fail on the unique index; its redelivery then finds the entry.
    for (const result of results) {
      if (result.status === 'rejected') expect(isDuplicateKeyError(result.reason)).toBe(true);
    }
    expect(await LedgerEntryModel.countDocuments({ person: ann })).toBe(1);
    expect(await pointsOf(ann)).toBe(10);
  });

  it('keeps (sourceEventId, rule) and (person, rule, subject) unique in the database', async () => {
    const rule = await PointsRuleModel.findOne({ eventType: 'lesson.completed' }).lean();
    const entry = {
      person: newUserId(),
      points: 10,
      kind: EntryKind.RULE,
      rule: rule!._id,
      activity: 'lesson.completed',
      reason: 'Completed lesson',
      subjectKey: 'LESSON:l1',
      once: true as const,
      sourceEventId: 'event-1',
      occurredAt: new Date(),
    };
    await LedgerEntryModel.create(entry);
    await expect(
      LedgerEntryModel.create({ ...entry, person: newUserId(), subjectKey: 'LESSON:l2' }),
    ).rejects.toThrow(/duplicate key/);
    await expect(LedgerEntryModel.create({ ...entry, sourceEventId: 'event-2' })).rejects.toThrow(
      /duplicate key/,
    );
  });

  it('credits a lesson completed again (re-enrolled) nothing more', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    const first = lessonCompleted(ann, { id: 'lesson-1' });
    const again = lessonCompleted(ann, { id: 'lesson-1' });
    await publish(harness, first, again);
    await eventually(async () => (await handled(again.id)) === 1);
    expect(await pointsOf(ann)).toBe(10);
  });

  it('credits a second attempt nothing more, and a failed one nothing', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    const attempt = (attemptNumber: number, passed: boolean) =>
      domainEvent('assessment.submitted', {
        enrollmentId: 'enr-1',
        courseId: 'course-1',
        courseTitle: 'Feedback that lands',
        userId: ann,
        attemptId: `attempt-${attemptNumber}`,
        assessmentId: 'assessment-1',
        lessonId: 'lesson-9',
        attemptNumber,
        score: passed ? 90 : 20,
        passed,
      });
    const [failed, passed, passedAgain] = [attempt(1, false), attempt(2, true), attempt(3, true)];
    await publish(harness, failed, passed, passedAgain);
    await eventually(async () => (await handled(passedAgain.id)) === 1);
    expect(await pointsOf(ann)).toBe(30);
    const [entry] = await LedgerEntryModel.find({ person: ann }).lean();
    expect(entry!.reason).toBe("Passed an assessment in 'Feedback that lands'");
  });
});
