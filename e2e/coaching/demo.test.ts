import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, demoPerson, startTestStack } from '@weace/test-kit';

/** `npm start`'s demo data, as the README's "Try it" uses it. */
let stack: TestStack;
// Starting every service (and seeding) takes more than a test's 30 s on a loaded two-core machine.
beforeAll(async () => {
  stack = await startTestStack({ seedDemoData: true });
}, 120_000);
afterAll(() => stack.stop());

const liam = demoPerson('liam.learner@weace.dev');
const carla = demoPerson('carla.coach@weace.dev');

interface Sessions {
  mySessions: {
    edges: {
      node: {
        status: string;
        sessionTypeName: string;
        notes: { body: string; visibility: string }[];
      };
    }[];
  };
}

const MY_SESSIONS = /* GraphQL */ `
  {
    mySessions(first: 10) {
      edges {
        node {
          status
          sessionTypeName
          notes {
            body
            visibility
          }
        }
      }
    }
  }
`;

describe('coaching demo data', () => {
  it('lists two coaches in two time zones, each with an open and a package session type', async () => {
    const { data, errors } = await stack.graphql<{
      coaches: {
        edges: { node: { timeZone: string; sessionTypes: { requiresPackage: boolean }[] } }[];
      };
    }>('{ coaches(first: 10) { edges { node { timeZone sessionTypes { requiresPackage } } } } }', {
      as: liam,
    });
    expect(errors).toBeUndefined();
    const coaches = data!.coaches.edges.map((edge) => edge.node);
    expect(coaches.map((coach) => coach.timeZone).sort()).toEqual([
      'America/New_York',
      'Europe/London',
    ]);
    for (const coach of coaches) {
      expect(coach.sessionTypes.map((type) => type.requiresPackage).sort()).toEqual([false, true]);
    }
  });

  it('gives Liam a package, a held session and one ahead, with only the notes he may read', async () => {
    const { data } = await stack.graphql<Sessions & { myCoachingPackage: { remaining: number } }>(
      `{ myCoachingPackage { remaining } ${MY_SESSIONS.trim().slice(1, -1)} }`,
      { as: liam },
    );
    expect(data!.myCoachingPackage.remaining).toBe(4);
    const sessions = data!.mySessions.edges.map((edge) => edge.node);
    expect(sessions.map((session) => session.status).sort()).toEqual(['BOOKED', 'COMPLETED']);
    const notes = sessions.flatMap((session) => session.notes);
    // The coach's shared note and his own private one; never the coach's private note.
    expect(notes.map((note) => note.visibility).sort()).toEqual(['PRIVATE', 'SHARED']);
    expect(notes.map((note) => note.body).join()).not.toContain('Energy was low');
  });

  it('shows Carla her sessions with her private notes', async () => {
    const { data } = await stack.graphql<Sessions>(MY_SESSIONS, { as: carla });
    const notes = data!.mySessions.edges.flatMap((edge) => edge.node.notes);
    expect(notes.map((note) => note.visibility).sort()).toEqual(['PRIVATE', 'SHARED']);
  });
});
