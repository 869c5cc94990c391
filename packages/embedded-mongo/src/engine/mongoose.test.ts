import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getModelForClass, index, modelOptions, prop, type Ref } from '@typegoose/typegoose';
import mongoose, { type Connection } from 'mongoose';
import { startServer, type RunningServer } from '../index';

@index({ email: 1 }, { unique: true })
@modelOptions({ schemaOptions: { collection: 'members', timestamps: true } })
class Member {
  @prop({ required: true, lowercase: true })
  email!: string;

  @prop({ required: true })
  name!: string;

  @prop({ type: () => [String], default: [] })
  skills!: string[];

  @prop({ default: 0 })
  points!: number;

  createdAt?: Date;
  updatedAt?: Date;
}

@modelOptions({ schemaOptions: { collection: 'sessions' } })
class CoachingSession {
  @prop({ ref: () => Member, required: true })
  coach!: Ref<Member>;

  @prop({ required: true })
  topic!: string;

  @prop({ required: true })
  minutes!: number;
}

/** mongoose 9 with typegoose models, unmodified, against the engine. */
describe('mongoose with typegoose models', () => {
  let server: RunningServer;
  let connection: Connection;
  let Members: ReturnType<typeof getModelForClass<typeof Member>>;
  let Sessions: ReturnType<typeof getModelForClass<typeof CoachingSession>>;

  beforeAll(async () => {
    server = await startServer({ port: 0 });
    connection = await mongoose
      .createConnection(server.uri, { dbName: 'mongoose_test' })
      .asPromise();
    Members = getModelForClass(Member, { existingConnection: connection });
    Sessions = getModelForClass(CoachingSession, { existingConnection: connection });
    // Builds the collections and the unique index before the tests rely on them.
    await Members.init();
    await Sessions.init();
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('creates, reads, updates and deletes documents', async () => {
    const created = await Members.create({
      email: 'Ann@Example.com',
      name: 'Ann',
      skills: ['listening'],
    });
    expect(created.email).toBe('ann@example.com');
    const found = await Members.findById(created._id).lean();
    expect(found).toMatchObject({
      email: 'ann@example.com',
      name: 'Ann',
      skills: ['listening'],
      points: 0,
    });
    created.skills.push('feedback');
    await created.save();
    expect((await Members.findOne({ email: 'ann@example.com' }))?.skills).toEqual([
      'listening',
      'feedback',
    ]);
    expect(await Members.updateOne({ _id: created._id }, { $inc: { points: 5 } })).toMatchObject({
      modifiedCount: 1,
    });
    expect((await Members.findById(created._id))?.points).toBe(5);
    expect(await Members.deleteOne({ _id: created._id })).toMatchObject({ deletedCount: 1 });
    expect(await Members.findById(created._id)).toBeNull();
  });

  it('reports a unique index clash as mongoose reports MongoDB’s duplicate key error (E11000, code 11000, keyValue)', async () => {
    await Members.create({ email: 'dup@example.com', name: 'First' });
    const error = await Members.create({ email: 'dup@example.com', name: 'Second' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      name: 'MongoServerError',
      code: 11000,
      keyValue: { email: 'dup@example.com' },
    });
    expect((error as Error).message).toMatch(
      /^E11000 duplicate key error collection: mongoose_test.members index: email_1/,
    );
    expect(await Members.countDocuments({ email: 'dup@example.com' })).toBe(1);
  });

  it('sets timestamps on create and moves updatedAt on update', async () => {
    const member = await Members.create({ email: 'time@example.com', name: 'Tim' });
    expect(member.createdAt).toBeInstanceOf(Date);
    const before = member.updatedAt as Date;
    const updated = await Members.findOneAndUpdate(
      { _id: member._id },
      { name: 'Timothy' },
      { new: true },
    );
    expect(updated?.name).toBe('Timothy');
    expect(updated?.createdAt?.getTime()).toBe(member.createdAt?.getTime());
    expect(updated?.updatedAt?.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it('upserts with findOneAndUpdate, applying defaults on insert', async () => {
    const upserted = await Members.findOneAndUpdate(
      { email: 'new@example.com' },
      { $set: { name: 'Newcomer' } },
      { upsert: true, new: true, setDefaultsOnInsert: true },
    ).lean();
    expect(upserted).toMatchObject({
      email: 'new@example.com',
      name: 'Newcomer',
      points: 0,
      skills: [],
    });
    expect(upserted?.createdAt).toBeInstanceOf(Date);
    const again = await Members.findOneAndUpdate(
      { email: 'new@example.com' },
      { $inc: { points: 1 } },
      { upsert: true, new: true },
    );
    expect(again?._id.equals(upserted?._id)).toBe(true);
    expect(again?.points).toBe(1);
  });

  it('lets exactly 50 of 100 parallel guarded findOneAndUpdate increments succeed', async () => {
    const member = await Members.create({ email: 'race@weace.dev', name: 'Race' });
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        Members.findOneAndUpdate(
          { _id: member._id, points: { $lt: 50 } },
          { $inc: { points: 1 } },
          { new: true },
        ).exec(),
      ),
    );
    expect(results.filter((result) => result !== null)).toHaveLength(50);
    expect((await Members.findById(member._id).orFail().exec()).points).toBe(50);
  });

  it('populates references and aggregates', async () => {
    const coach = await Members.create({ email: 'coach@example.com', name: 'Coach' });
    await Sessions.create([
      { coach: coach._id, topic: 'goals', minutes: 30 },
      { coach: coach._id, topic: 'habits', minutes: 45 },
    ]);
    const sessions = await Sessions.find({ coach: coach._id })
      .sort({ minutes: 1 })
      .populate('coach')
      .lean();
    expect(sessions.map((s) => [s.topic, (s.coach as Member).name])).toEqual([
      ['goals', 'Coach'],
      ['habits', 'Coach'],
    ]);
    const totals = await Sessions.aggregate<{ _id: unknown; minutes: number; count: number }>([
      { $match: { coach: coach._id } },
      { $group: { _id: '$coach', minutes: { $sum: '$minutes' }, count: { $sum: 1 } } },
    ]);
    expect(totals).toEqual([{ _id: coach._id, minutes: 75, count: 2 }]);
    expect(await Sessions.countDocuments({ minutes: { $gt: 40 } })).toBe(1);
  });

  it('explains a query answered from the unique email index', async () => {
    await Members.create({ email: 'explained@x.org', name: 'Ex' });
    const plan = (await Members.find({ email: 'explained@x.org' }).explain()) as unknown as {
      queryPlanner: { winningPlan: { stage: string; inputStage: { indexName: string } } };
      executionStats: { nReturned: number; totalDocsExamined: number };
    };
    expect(plan.queryPlanner.winningPlan).toMatchObject({
      stage: 'FETCH',
      inputStage: { stage: 'IXSCAN', indexName: 'email_1' },
    });
    expect(plan.executionStats).toMatchObject({ nReturned: 1, totalDocsExamined: 1 });
  });
});
