import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type RunningServer, startServer } from '@weace/embedded-mongo';
import { type EventBus, createEventBus, createInProcessTransport } from '@weace/events';
import mongoose, { type Connection } from 'mongoose';
import { createLogger } from '../logging/logger';
import { PeopleDirectory } from './people-directory';

const logger = createLogger({ service: 'people-test', level: 'silent' });
let engine: RunningServer;
let usersDb: Connection;
let serviceDb: Connection;
let users: EventBus;
let service: EventBus;
let people: PeopleDirectory;

const ada = {
  id: '65a000000000000000000001',
  subject: 'sub-ada',
  email: 'ada@weace.dev',
  name: 'Ada',
  locale: 'en-GB',
  timeZone: 'Europe/London',
  department: 'Engineering',
  roles: ['LEARNER' as const],
  status: 'ACTIVE' as const,
};

async function eventually(condition: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting for the directory');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  engine = await startServer({ port: 0 });
  const open = (dbName: string) => mongoose.createConnection().openUri(engine.uri, { dbName });
  [usersDb, serviceDb] = await Promise.all([open('weace_users'), open('weace_training')]);
  const transport = createInProcessTransport();
  users = createEventBus({ service: 'users', connection: usersDb, transport, logger });
  service = createEventBus({ service: 'training', connection: serviceDb, transport, logger });
  people = new PeopleDirectory(service, serviceDb);
  await Promise.all([users.start(), service.start()]);
});
afterAll(async () => {
  await service.stop();
  await users.stop();
  await Promise.all([usersDb.close(), serviceDb.close()]);
  await engine.stop();
});

describe('PeopleDirectory', () => {
  it('keeps each person as the latest user.* event describes them, and forgets the deleted', async () => {
    await users.withTransaction((session) =>
      users.publish(session, {
        type: 'user.registered',
        subject: ada.id,
        payload: { user: ada },
      }),
    );
    await eventually(async () => (await people.find(ada.id)) !== null);
    expect(await people.find(ada.id)).toEqual(ada);
    expect(await people.findBySubject('sub-ada')).toMatchObject({ id: ada.id });
    expect(await people.findByEmail(' ADA@weace.dev ')).toMatchObject({ id: ada.id });

    await users.withTransaction((session) =>
      users.publish(session, {
        type: 'user.updated',
        subject: ada.id,
        payload: { user: { ...ada, department: 'Research' }, changed: ['department'] },
      }),
    );
    await eventually(async () => (await people.find(ada.id))?.department === 'Research');
    expect(await people.findMany([ada.id, ada.id, '65a0000000000000000000ff'])).toHaveLength(1);

    await users.withTransaction((session) =>
      users.publish(session, {
        type: 'user.deleted',
        subject: ada.id,
        payload: { userId: ada.id },
      }),
    );
    await eventually(async () => (await people.find(ada.id)) === null);
  });
});
