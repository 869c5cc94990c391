import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { callers, eventually } from '@weace/test-kit/subgraph';
import { CapturedMessageModel } from '../channels/captured-message.model';
import { DeliveryModel } from '../delivery/delivery.model';
import { Channel } from '../preferences/preferences.model';
import { PreferencesModel } from '../preferences/preferences.model';
import {
  type NotificationsHarness,
  addPerson,
  domainEvent,
  startNotificationsHarness,
} from '../testing/notifications-harness';
import { CODES_PER_WINDOW } from './phone.service';

let harness: NotificationsHarness;
beforeAll(async () => {
  harness = await startNotificationsHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const REQUEST = `mutation ($phone: String!) { requestPhoneVerification(phone: $phone) }`;
const CONFIRM = `mutation ($code: String!) { confirmPhone(code: $code) { phone } }`;

async function codeSentTo(phone: string): Promise<string> {
  await eventually(
    async () => (await CapturedMessageModel.countDocuments({ channel: 'SMS', to: phone })) > 0,
  );
  const [sms] = await CapturedMessageModel.find({ channel: 'SMS', to: phone })
    .sort({ _id: -1 })
    .limit(1)
    .lean();
  return /(\d{6})/.exec(sms!.text)![1]!;
}

const overdue = (userId: string) =>
  domainEvent('enrollment.overdue', {
    enrollmentId: 'n1',
    courseId: 'c1',
    courseTitle: 'Safety',
    userId,
    dueAt: new Date().toISOString(),
  });

describe('phone numbers', () => {
  it('texts only a number confirmed with the code it received', async () => {
    const person = await addPerson();
    const me = callers.user(person.id);
    const phone = '+447700900123';
    const requested = await harness.execute(REQUEST, { caller: me, variables: { phone } });
    expect(requested.errors).toBeUndefined();

    const before = overdue(person.id);
    await harness.transport.publish(before);
    await eventually(
      async () =>
        (await DeliveryModel.exists({ sourceKey: before.id, channel: Channel.SMS })) !== null,
    );
    expect(
      await DeliveryModel.findOne({ sourceKey: before.id, channel: Channel.SMS }).lean(),
    ).toMatchObject({
      status: 'SKIPPED',
      reason: 'NO_ADDRESS',
    });

    const code = await codeSentTo(phone);
    const wrong = await harness.execute(CONFIRM, {
      caller: me,
      variables: { code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['code'],
    });
    const confirmed = await harness.execute(CONFIRM, { caller: me, variables: { code } });
    expect(confirmed.data).toEqual({ confirmPhone: { phone } });

    const after = overdue(person.id);
    await harness.transport.publish(after);
    await eventually(
      async () =>
        (await DeliveryModel.findOne({ sourceKey: after.id, channel: Channel.SMS }).lean())
          ?.status === 'SENT',
    );
    expect(await CapturedMessageModel.countDocuments({ channel: 'SMS', to: phone })).toBe(2);
  });

  it('rate-limits code requests per person and per number [RATE_LIMITED]', async () => {
    const person = await addPerson();
    const me = callers.user(person.id);
    const results = await Promise.all(
      Array.from({ length: CODES_PER_WINDOW + 2 }, (_, i) =>
        harness.execute(REQUEST, { caller: me, variables: { phone: `+1555010000${i}` } }),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(CODES_PER_WINDOW);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED')).toHaveLength(
      2,
    );

    // The same number, asked for by several people.
    const shared = '+15550199999';
    const people = await Promise.all(
      Array.from({ length: CODES_PER_WINDOW + 1 }, () => addPerson()),
    );
    const forNumber = await Promise.all(
      people.map((p) =>
        harness.execute(REQUEST, { caller: callers.user(p.id), variables: { phone: shared } }),
      ),
    );
    expect(forNumber.filter((r) => !r.errors)).toHaveLength(CODES_PER_WINDOW);
    expect(await CapturedMessageModel.countDocuments({ to: shared })).toBe(CODES_PER_WINDOW);
  });

  it('refuses a number not in E.164 form [BAD_USER_INPUT]', async () => {
    const person = await addPerson();
    const result = await harness.execute(REQUEST, {
      caller: callers.user(person.id),
      variables: { phone: '07700 900123' },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['phone'],
    });
    expect(await PreferencesModel.countDocuments()).toBe(0);
  });
});
