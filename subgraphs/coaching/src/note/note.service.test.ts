import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Caller } from '@weace/service-kit';
import {
  BOOK,
  type Booked,
  type CoachingHarness,
  asAdmin,
  asCoach,
  asLearner,
  newUserId,
  publishedEvents,
  setUpCoach,
  startCoachingHarness,
} from '../testing/coaching-harness';

let logs = '';
let harness: CoachingHarness;

beforeAll(async () => {
  harness = await startCoachingHarness('2027-02-28T00:00:00Z', {
    logTo: new Writable({
      write(chunk, _encoding, done) {
        logs += String(chunk);
        done();
      },
    }),
  });
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const ADD = /* GraphQL */ `
  mutation ($sessionId: ID!, $body: String!, $visibility: NoteVisibility!) {
    addSessionNote(sessionId: $sessionId, body: $body, visibility: $visibility) {
      id
    }
  }
`;
const READ = `query ($id: ID!) { sessionNote(id: $id) { id body visibility } }`;
const NOTES = `query ($id: ID!) { coachingSession(id: $id) { notes { body } } }`;

const PRIVATE_BODY = 'Coach only: burnout risk, follow up gently';
const SHARED_BODY = 'Agreed goals: delegate the weekly report';
const COACHEE_PRIVATE = 'My own worries about the reorganisation';

async function sessionWithNotes() {
  const { coachId, typeIds } = await setUpCoach(harness);
  const coacheeId = newUserId();
  const booked = await harness.execute<Booked>(BOOK, {
    caller: asLearner(coacheeId),
    variables: { input: { coachId, sessionTypeId: typeIds[0], startsAt: '2027-03-01T10:00:00Z' } },
  });
  const sessionId = booked.data!.bookSession.id;
  const add = async (caller: Caller, body: string, visibility: string) => {
    const result = await harness.execute<{ addSessionNote: { id: string } }>(ADD, {
      caller,
      variables: { sessionId, body, visibility },
    });
    expect(result.errors).toBeUndefined();
    return result.data!.addSessionNote.id;
  };
  return {
    coachId,
    coacheeId,
    sessionId,
    coachPrivate: await add(asCoach(coachId), PRIVATE_BODY, 'PRIVATE'),
    shared: await add(asCoach(coachId), SHARED_BODY, 'SHARED'),
    coacheePrivate: await add(asLearner(coacheeId), COACHEE_PRIVATE, 'PRIVATE'),
  };
}

const readAs = (caller: Caller, id: string) => harness.execute(READ, { caller, variables: { id } });

const notesAs = async (caller: Caller, id: string) => {
  const result = await harness.execute<{ coachingSession: { notes: { body: string }[] } }>(NOTES, {
    caller,
    variables: { id },
  });
  return result.data?.coachingSession.notes.map((note) => note.body);
};

describe('session notes', () => {
  it('lets the author alone read a PRIVATE note; anyone else, ADMIN included, is FORBIDDEN', async () => {
    const { coachId, coacheeId, coachPrivate } = await sessionWithNotes();
    expect((await readAs(asCoach(coachId), coachPrivate)).data).toMatchObject({
      sessionNote: { body: PRIVATE_BODY },
    });
    for (const caller of [asLearner(coacheeId), asAdmin(newUserId()), asLearner(newUserId())]) {
      const refused = await readAs(caller, coachPrivate);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(refused.data?.sessionNote ?? null).toBeNull();
    }
  });

  it('lets the session’s coach and coachee read a SHARED note, and nobody else', async () => {
    const { coachId, coacheeId, shared } = await sessionWithNotes();
    for (const caller of [asCoach(coachId), asLearner(coacheeId)]) {
      expect((await readAs(caller, shared)).data).toMatchObject({
        sessionNote: { body: SHARED_BODY },
      });
    }
    for (const caller of [asAdmin(newUserId()), asLearner(newUserId())]) {
      expect((await readAs(caller, shared)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('answers CoachingSession.notes with only what the caller may read', async () => {
    const { coachId, coacheeId, sessionId } = await sessionWithNotes();
    expect(await notesAs(asCoach(coachId), sessionId)).toEqual([PRIVATE_BODY, SHARED_BODY]);
    expect(await notesAs(asLearner(coacheeId), sessionId)).toEqual([SHARED_BODY, COACHEE_PRIVATE]);
    expect(await notesAs(asAdmin(newUserId()), sessionId)).toEqual([]);
  });

  it('reads the notes of a list of sessions in one find', async () => {
    const { coachId } = await sessionWithNotes();
    await sessionWithNotes();
    const commands = harness.recordCommands();
    const result = await harness.execute<{
      mySessions: { edges: { node: { notes: { body: string }[] } }[] };
    }>(`{ mySessions(first: 10) { edges { node { notes { body } rescheduledFrom { id } } } } }`, {
      caller: asCoach(coachId),
    });
    expect(result.data?.mySessions.edges.map((edge) => edge.node.notes.length)).toEqual([2]);
    expect(commands.sent('find', 'session_notes')).toBe(1);
  });

  it('lets only the author change a note [FORBIDDEN], and nobody outside the session add one', async () => {
    const { coacheeId, sessionId, shared } = await sessionWithNotes();
    const update = `mutation ($id: ID!, $body: String!) { updateSessionNote(id: $id, body: $body) { body } }`;
    const refused = await harness.execute(update, {
      caller: asLearner(coacheeId),
      variables: { id: shared, body: 'Rewritten' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const outsider = await harness.execute(ADD, {
      caller: asLearner(newUserId()),
      variables: { sessionId, body: 'Hello', visibility: 'SHARED' },
    });
    expect(outsider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const empty = await harness.execute(ADD, {
      caller: asLearner(coacheeId),
      variables: { sessionId, body: '   ', visibility: 'SHARED' },
    });
    expect(empty.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['body'],
    });
  });

  it('logs every refused read as an audit line without the content, and never puts bodies in events', async () => {
    logs = '';
    const { coachPrivate } = await sessionWithNotes();
    const adminId = newUserId();
    await readAs(asAdmin(adminId), coachPrivate);
    const audit = logs
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.audit === 'session-note.refused');
    expect(audit).toMatchObject({ action: 'read', actorId: adminId, noteId: coachPrivate });
    // Nothing logged while notes were written and refused holds a body, at `trace`.
    for (const body of [PRIVATE_BODY, SHARED_BODY, COACHEE_PRIVATE])
      expect(logs).not.toContain(body);
    const everything = JSON.stringify(await publishedEvents());
    for (const body of [PRIVATE_BODY, SHARED_BODY, COACHEE_PRIVATE]) {
      expect(everything).not.toContain(body);
    }
  });
});
