import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type TestPerson, type TestStack, person, startTestStack } from '@weace/test-kit';
import { eventually } from '@weace/test-kit/subgraph';

/**
 * Across services through domain events: checking in at an event completes
 * the course lessons that link to it (events publishes `registration.checkedIn`,
 * training consumes it), and with it the course.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(() => stack.stop());

const HOUR = 3_600_000;

async function ok<T>(query: string, as: TestPerson, variables?: Record<string, unknown>) {
  const { data, errors } = await stack.graphql<T>(query, { as, variables });
  if (errors?.length) throw new Error(JSON.stringify(errors));
  return data as T;
}

describe('an event lesson', () => {
  it('is completed by checking in at its event, which completes the course', async () => {
    const organiser = person(Role.Organizer);
    const coach = person(Role.Coach);
    const learner = person();
    for (const someone of [organiser, coach, learner]) await stack.createProfile(someone);

    // An event starting in half an hour: check-in is open (it opens an hour before).
    const startsAt = new Date(Date.now() + HOUR / 2);
    const { createEvent } = await ok<{ createEvent: { id: string } }>(
      'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }',
      organiser,
      {
        input: {
          title: 'Feedback workshop',
          format: 'VENUE',
          venueName: 'Room 4',
          timeZone: 'Europe/Lisbon',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
          capacity: 10,
        },
      },
    );
    await ok('mutation ($id: ID!) { publishEvent(id: $id) { id } }', organiser, {
      id: createEvent.id,
    });

    const { createCourse } = await ok<{ createCourse: { id: string } }>(
      'mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }',
      coach,
      { input: { code: `EVT-${randomUUID().slice(0, 8)}`, title: 'Giving feedback' } },
    );
    const { addModule } = await ok<{ addModule: { id: string } }>(
      'mutation ($id: ID!) { addModule(courseId: $id, input: { title: "In person" }) { id } }',
      coach,
      { id: createCourse.id },
    );
    await ok(
      'mutation ($id: ID!, $input: LessonInput!) { addLesson(moduleId: $id, input: $input) { id } }',
      coach,
      {
        id: addModule.id,
        input: { title: 'The workshop', kind: 'EVENT', eventId: createEvent.id },
      },
    );
    await ok('mutation ($id: ID!) { publishCourse(id: $id) { id } }', coach, {
      id: createCourse.id,
    });
    await ok('mutation ($id: ID!) { enroll(courseId: $id) { id } }', learner, {
      id: createCourse.id,
    });

    const { registerForEvent } = await ok<{ registerForEvent: { ticketCode: string } }>(
      'mutation ($id: ID!) { registerForEvent(eventId: $id) { status ticketCode } }',
      learner,
      { id: createEvent.id },
    );
    const { checkIn } = await ok<{ checkIn: { result: string } }>(
      'mutation ($e: ID!, $t: String!, $n: String!) { checkIn(eventId: $e, ticketCode: $t, nonce: $n) { result } }',
      organiser,
      { e: createEvent.id, t: registerForEvent.ticketCode, n: randomUUID() },
    );
    expect(checkIn.result).toBe('OK');

    const enrollment = async () =>
      (
        await ok<{ myEnrollments: { edges: { node: { status: string; progress: number } }[] } }>(
          '{ myEnrollments(first: 5) { edges { node { status progress } } } }',
          learner,
        )
      ).myEnrollments.edges[0]!.node;
    await eventually(async () => (await enrollment()).status === 'COMPLETED', 20_000);
    expect(await enrollment()).toEqual({ status: 'COMPLETED', progress: 100 });
  });
});
