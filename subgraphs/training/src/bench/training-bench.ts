import { performance } from 'node:perf_hooks';
import { Role } from '@weace/service-kit';
import { type TestPerson, type TestStack, person, startTestStack } from '@weace/test-kit';

/**
 * `npm run bench -w @weace/training`: through the real gateway, a learner's
 * `myEnrollments` with progress over 50 enrollments, and a list of 100
 * courses with their instructors' names (from users). Prints p50/p99 and the
 * database queries each request costs per subgraph.
 */
const SAMPLES = 200;
const COURSES = 100;
const ENROLLMENTS = 50;

async function ok<T>(stack: TestStack, query: string, as: TestPerson, variables?: object) {
  const { data, errors } = await stack.graphql<T>(query, {
    as,
    variables: variables as Record<string, unknown>,
  });
  if (errors?.length) throw new Error(JSON.stringify(errors));
  return data as T;
}

async function seed(stack: TestStack, coaches: TestPerson[], learner: TestPerson) {
  for (let i = 0; i < COURSES; i += 1) {
    const coach = coaches[i % coaches.length]!;
    const { createCourse } = await ok<{ createCourse: { id: string } }>(
      stack,
      'mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }',
      coach,
      { input: { code: `BENCH-${i}`, title: `Bench course ${i}` } },
    );
    const { addModule } = await ok<{ addModule: { id: string } }>(
      stack,
      'mutation ($id: ID!) { addModule(courseId: $id, input: { title: "Module" }) { id } }',
      coach,
      { id: createCourse.id },
    );
    for (const title of ['One', 'Two']) {
      await ok(
        stack,
        'mutation ($id: ID!, $t: String!) { addLesson(moduleId: $id, input: { title: $t, kind: CONTENT }) { id } }',
        coach,
        { id: addModule.id, t: title },
      );
    }
    await ok(stack, 'mutation ($id: ID!) { publishCourse(id: $id) { id } }', coach, {
      id: createCourse.id,
    });
    if (i < ENROLLMENTS) {
      await ok(stack, 'mutation ($id: ID!) { enroll(courseId: $id) { id } }', learner, {
        id: createCourse.id,
      });
    }
  }
}

async function measure(stack: TestStack, name: string, query: string, as: TestPerson) {
  await ok(stack, query, as); // warm-up: plans cached, connections open
  const subgraphs = ['training', 'users'];
  const before = await Promise.all(subgraphs.map((s) => stack.dbCommands(s)));
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const start = performance.now();
    await ok(stack, query, as);
    latencies.push(performance.now() - start);
  }
  const after = await Promise.all(subgraphs.map((s) => stack.dbCommands(s)));
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  const queries = subgraphs.map((subgraph, i) => {
    const total = Object.entries(after[i]!).reduce(
      (sum, [key, value]) => sum + value - (before[i]![key] ?? 0),
      0,
    );
    return `${subgraph} ${(total / SAMPLES).toFixed(2)}`;
  });
  process.stdout.write(
    `${name}: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms; db commands per request: ${queries.join(', ')}\n`,
  );
}

async function main() {
  // Latency is measured, not the gateway's rate limits: one learner sends every sample.
  const unlimited = { points: 1_000_000, windowSeconds: 60 };
  const stack = await startTestStack({
    gateway: { rateLimits: { ip: unlimited, requests: unlimited, cost: unlimited } },
  });
  try {
    const coaches = [person(Role.Coach), person(Role.Coach), person(Role.Organizer)];
    const learner = person();
    for (const someone of [...coaches, learner]) await stack.createProfile(someone);
    await seed(stack, coaches, learner);
    process.stdout.write(`${SAMPLES} sequential requests each, through the gateway\n`);
    await measure(
      stack,
      `myEnrollments(first: ${ENROLLMENTS}) with progress`,
      '{ myEnrollments(first: 50) { totalCount edges { node { progress status course { title } } } } }',
      learner,
    );
    await measure(
      stack,
      `courses(first: ${COURSES}) with instructor names`,
      '{ courses(first: 100) { totalCount edges { node { code title instructors { name } } } } }',
      learner,
    );
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
