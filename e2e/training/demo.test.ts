import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_CERTIFICATE_CODE } from '@weace/training';
import { type TestStack, demoPerson, startTestStack } from '@weace/test-kit';

/** `npm start`'s demo data, as the README's "Try it" uses it. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ seedDemoData: true });
});
afterAll(() => stack.stop());

describe('training demo data', () => {
  it('holds the README’s certificate, verifiable without signing in', async () => {
    const { data, errors } = await stack.graphql<{ verifyCertificate: unknown }>(
      'query ($code: String!) { verifyCertificate(code: $code) { status holderName courseTitle } }',
      { variables: { code: DEMO_CERTIFICATE_CODE } },
    );
    expect(errors).toBeUndefined();
    expect(data?.verifyCertificate).toEqual({
      status: 'VALID',
      holderName: 'Mia Martin',
      courseTitle: 'Information Security Essentials',
    });
  });

  it('shows a learner the assigned compliance course and their progress in leadership', async () => {
    const { data, errors } = await stack.graphql<{
      myEnrollments: {
        edges: {
          node: {
            source: string;
            progress: number;
            dueAt: string | null;
            course: { code: string };
          };
        }[];
      };
    }>('{ myEnrollments { edges { node { source progress dueAt course { code } } } } }', {
      as: demoPerson('liam.learner@weace.dev'),
    });
    expect(errors).toBeUndefined();
    const byCode = Object.fromEntries(
      data!.myEnrollments.edges.map(({ node }) => [node.course.code, node]),
    );
    expect(byCode['SEC-100']).toMatchObject({
      source: 'ASSIGNED',
      progress: 0,
      dueAt: expect.any(String),
    });
    expect(byCode['LEAD-101']).toMatchObject({ source: 'SELF' });
    // One of its three required lessons is read; the quiz was failed.
    expect(byCode['LEAD-101']!.progress).toBeCloseTo(100 / 3, 10);
  });
});
