import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { eventually } from '@weace/test-kit/subgraph';
import { CapturedMessageModel } from '../channels/captured-message.model';
import { DeliveryModel } from '../delivery/delivery.model';
import { Channel } from '../preferences/preferences.model';
import { categorySetting, PreferencesModel } from '../preferences/preferences.model';
import { Category } from '../notification/notification.model';
import {
  type NotificationsHarness,
  addPerson,
  domainEvent,
  routeRequest,
  startNotificationsHarness,
} from '../testing/notifications-harness';

const logged: string[] = [];
const logs = new PassThrough();
logs.on('data', (chunk: Buffer) => logged.push(chunk.toString()));

let harness: NotificationsHarness;
beforeAll(async () => {
  harness = await startNotificationsHarness({ logTo: logs });
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const completed = (userId: string, courseId: string) =>
  domainEvent('course.completed', {
    enrollmentId: courseId,
    courseId,
    courseTitle: `Course ${courseId}`,
    userId,
    completedAt: new Date().toISOString(),
    grade: null,
    cycle: 1,
  });

/** The List-Unsubscribe URL of the email `to` received, as a path on this service. */
async function unsubscribePath(to: string): Promise<{ path: string; token: string }> {
  await eventually(async () => (await CapturedMessageModel.countDocuments({ to })) === 1);
  const email = await CapturedMessageModel.findOne({ to }).lean();
  const header = email!.details.find((line) => line.startsWith('List-Unsubscribe:'))!;
  const url = new URL(/<([^>]+)>/.exec(header)![1]!);
  expect(url.origin).toBe('http://localhost:3000');
  return { path: url.pathname + url.search, token: url.searchParams.get('token')! };
}

describe('one-click unsubscribe (RFC 8058)', () => {
  it('shows a confirmation on GET that changes nothing, and turns the category email off on POST without a sign-in', async () => {
    const person = await addPerson();
    await harness.transport.publish(completed(person.id, 'c1'));
    const { path, token } = await unsubscribePath(person.email);
    const email = await CapturedMessageModel.findOne({ to: person.email }).lean();
    expect(email!.details).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const page = await routeRequest(harness, path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect(await PreferencesModel.exists({ _id: person.id })).toBeNull();

    const done = await routeRequest(harness, path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    const stored = await PreferencesModel.findById(person.id).lean();
    expect(categorySetting(stored!, Category.TRAINING)).toMatchObject({
      channels: ['IN_APP', 'PUSH'],
    });
    expect(categorySetting(stored!, Category.EVENTS).channels).toContain('EMAIL');

    const next = completed(person.id, 'c2');
    await harness.transport.publish(next);
    await eventually(async () => (await DeliveryModel.exists({ sourceKey: next.id })) !== null);
    expect(
      await DeliveryModel.findOne({ sourceKey: next.id, channel: Channel.EMAIL }).lean(),
    ).toMatchObject({
      status: 'SKIPPED',
      reason: 'PREFERENCE',
    });
    expect(logged.join('')).not.toContain(token);
  });

  it('refuses a tampered or foreign token and changes nothing', async () => {
    const person = await addPerson();
    await harness.transport.publish(completed(person.id, 'c1'));
    const { token } = await unsubscribePath(person.email);
    const [payload, signature] = token.split('.');
    // Someone else's person id with this token's signature.
    const forged = Buffer.from(
      JSON.stringify({ p: 'unsubscribe-email', u: 'someone-else', c: 'TRAINING' }),
    ).toString('base64url');
    for (const bad of [`${forged}.${signature}`, `${payload}.x${signature}`, 'nonsense']) {
      const response = await routeRequest(harness, `/notifications/unsubscribe?token=${bad}`, {
        method: 'POST',
      });
      expect(response.status).toBe(400);
    }
    expect(await PreferencesModel.countDocuments()).toBe(0);
  });
});
