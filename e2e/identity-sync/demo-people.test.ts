import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, startTestStack } from '@weace/test-kit';
import { eventually } from '@weace/test-kit/subgraph';
import mongoose, { type Connection } from 'mongoose';
import { demoPeople } from '@weace/stack';

let stack: TestStack;
let auth: Connection;
beforeAll(async () => {
  stack = await startTestStack({ seedDemoData: true });
  auth = await mongoose.createConnection(stack.mongoUri!, { dbName: 'weace_auth' }).asPromise();
});
afterAll(async () => {
  await auth.close();
  await stack.stop();
});

describe('the demo organisation on a first start', () => {
  it('announces every demo person with user.registered, so each service knows them', async () => {
    // Auth's people directory is kept from user.* events only.
    const people = auth.collection('people');
    await eventually(async () => (await people.countDocuments()) === demoPeople.length);
    expect(await people.findOne({ email: 'ada.admin@weace.dev' })).toMatchObject({
      name: 'Ada Admin',
      department: 'People Operations',
    });
  });
});
