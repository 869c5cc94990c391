import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type TestPerson, type TestStack, person, startTestStack } from '@weace/test-kit';

/** Lists cost one query per collection per subgraph, however many items they show. */
let stack: TestStack;
const coach = person(Role.Coach, Role.Learner);
const admin = person(Role.Admin, Role.Learner);
const learners = [person(), person(), person()];
const COURSES = 12;

async function ok<T>(query: string, as: TestPerson, variables?: Record<string, unknown>) {
  const { data, errors } = await stack.graphql<T>(query, { as, variables });
  if (errors?.length) throw new Error(JSON.stringify(errors));
  return data as T;
}

/** What one request costs each subgraph in database commands, by `command collection`. */
async function commandsOf<T>(request: () => Promise<T>) {
  const subgraphs = ['training', 'users'];
  const before = await Promise.all(subgraphs.map((name) => stack.dbCommands(name)));
  const result = await request();
  const after = await Promise.all(subgraphs.map((name) => stack.dbCommands(name)));
  const spent: Record<string, Record<string, number>> = {};
  subgraphs.forEach((name, i) => {
    spent[name] = {};
    for (const [key, value] of Object.entries(after[i]!)) {
      const delta = value - (before[i]![key] ?? 0);
      if (delta) spent[name]![key] = delta;
    }
  });
  return { result, spent };
}

beforeAll(async () => {
  stack = await startTestStack();
  for (const someone of [coach, admin, ...learners]) await stack.createProfile(someone);
  for (let i = 0; i < COURSES; i += 1) {
    const { createCourse } = await ok<{ createCourse: { id: string } }>(
      'mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }',
      coach,
      { input: { code: `BATCH-${Date.now()}-${i}`, title: `Batch ${i}` } },
    );
    const { addModule } = await ok<{ addModule: { id: string } }>(
      'mutation ($id: ID!) { addModule(courseId: $id, input: { title: "M" }) { id } }',
      coach,
      { id: createCourse.id },
    );
    await ok(
      'mutation ($id: ID!) { addLesson(moduleId: $id, input: { title: "L", kind: CONTENT }) { id } }',
      coach,
      { id: addModule.id },
    );
    await ok('mutation ($id: ID!) { publishCourse(id: $id) { id } }', coach, {
      id: createCourse.id,
    });
    for (const learner of learners) {
      await ok('mutation ($id: ID!) { enroll(courseId: $id) { id } }', learner, {
        id: createCourse.id,
      });
    }
  }
});
afterAll(() => stack.stop());

describe('batching', () => {
  it('reads myEnrollments with progress, courses and instructor names in one query per collection', async () => {
    const { result, spent } = await commandsOf(() =>
      ok<{
        myEnrollments: {
          edges: { node: { progress: number; course: { instructors: { name: string }[] } } }[];
        };
      }>(
        '{ myEnrollments(first: 50) { totalCount edges { node { progress course { title instructors { name } } } } } }',
        learners[0]!,
      ),
    );
    expect(result.myEnrollments.edges).toHaveLength(COURSES);
    expect(result.myEnrollments.edges[0]!.node.course.instructors).toEqual([{ name: coach.name }]);
    expect(spent.training).toEqual({
      'find enrollments': 1,
      'aggregate enrollments': 1,
      'find courses': 1,
    });
    expect(spent.users).toEqual({ 'find users': 1 });
  });

  it('reads many people’s enrollments on User with one aggregation per page shape', async () => {
    const { result, spent } = await commandsOf(() =>
      ok<{ users: { edges: { node: { enrollments: { totalCount: number } | null } }[] } }>(
        '{ users(first: 50) { edges { node { enrollments(first: 5) { totalCount edges { node { progress } } } } } } }',
        admin,
      ),
    );
    const counts = result.users.edges.map((edge) => edge.node.enrollments?.totalCount ?? 0);
    expect(counts.filter((count) => count === COURSES)).toHaveLength(learners.length);
    // The page and the counts: two aggregations, then the courses for progress.
    expect(spent.training).toEqual({ 'aggregate enrollments': 2, 'find courses': 1 });
  });
});
