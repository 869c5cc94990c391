import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, startTestStack } from '@weace/test-kit';

/** Operation limits through the gateway, each with its own code, at their defaults. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const codesOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((error) => error.extensions?.code);

/** `followers { edges { node { … } } }` nested `levels` times: 3 levels of depth each. */
function nestedFollowers(levels: number): string {
  let selection = 'id';
  for (let i = 0; i < levels; i += 1) {
    selection = `followers(first: 1) { edges { node { ${selection} } } }`;
  }
  return `{ me { ${selection} } }`;
}

describe('operation limits', () => {
  it('lets an ordinary operation through', async () => {
    const response = await stack.graphql(`{ ssoLoginUrl users(first: 20) { totalCount } }`);
    expect(codesOf(response)).not.toContain('DEPTH_LIMIT_EXCEEDED');
    expect(response.status).not.toBe(400);
  });

  it('refuses a query nested deeper than 10 [DEPTH_LIMIT_EXCEEDED]', async () => {
    const response = await stack.graphql(nestedFollowers(4));
    expect(response.status).toBe(400);
    expect(codesOf(response)).toContain('DEPTH_LIMIT_EXCEEDED');
    expect(response.errors?.[0]?.message).toMatch(/depth limit of 10 exceeded/i);
  });

  it('refuses more than 15 aliases [ALIAS_LIMIT_EXCEEDED]', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: ssoLoginUrl`).join(' ');
    const response = await stack.graphql(`{ ${aliases} }`);
    expect(response.status).toBe(400);
    expect(codesOf(response)).toContain('ALIAS_LIMIT_EXCEEDED');
  });

  it('refuses hundreds of aliased users(first: 100) from a signed-in learner', async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `u${i}: users(first: 100) { totalCount }`);
    const response = await stack.graphql(`{ ${aliases.join(' ')} }`);
    expect(response.status).toBe(400);
    expect(codesOf(response)).toEqual(
      expect.arrayContaining(['ALIAS_LIMIT_EXCEEDED', 'ROOT_FIELD_LIMIT_EXCEEDED']),
    );
  });

  it('refuses more than 10 root fields, fragments included [ROOT_FIELD_LIMIT_EXCEEDED]', async () => {
    const response = await stack.graphql(
      `{ ...F ssoLoginUrl ssoLogoutUrl me { id } } fragment F on Query { ${'ssoLoginUrl '.repeat(8)} }`,
    );
    expect(response.status).toBe(400);
    expect(codesOf(response)).toEqual(['ROOT_FIELD_LIMIT_EXCEEDED']);
  });

  it('stops parsing past 2,000 tokens [TOKEN_LIMIT_EXCEEDED]', async () => {
    const response = await stack.graphql(`{ ssoLoginUrl ${'__typename '.repeat(2_000)} }`);
    expect(response.status).toBe(400);
    expect(codesOf(response)).toEqual(['TOKEN_LIMIT_EXCEEDED']);
    expect(response.errors?.[0]?.message).toBe('Token limit of 2000 exceeded.');
  });

  it('refuses more than 20 directives [DIRECTIVE_LIMIT_EXCEEDED]', async () => {
    const response = await stack.graphql(
      `{ ssoLoginUrl ${'__typename @include(if: true) '.repeat(21)} }`,
    );
    expect(response.status).toBe(400);
    expect(codesOf(response)).toContain('DIRECTIVE_LIMIT_EXCEEDED');
  });

  it('refuses an estimated cost over 5,000, list sizes taken from first and variables [COST_LIMIT_EXCEEDED]', async () => {
    const query = /* GraphQL */ `
      query ($n: Int!) {
        users(first: $n) {
          edges {
            node {
              followers(first: $n) {
                edges {
                  node {
                    id
                  }
                }
              }
            }
          }
        }
      }
    `;
    const cheap = await stack.graphql(query, { variables: { n: 5 } });
    expect(codesOf(cheap) ?? []).not.toContain('COST_LIMIT_EXCEEDED');
    const costly = await stack.graphql(query, { variables: { n: 100 } });
    expect(costly.status).toBe(400);
    expect(codesOf(costly)).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(costly.errors?.[0]?.message).toMatch(/Estimated cost of \d+ exceeds the limit of 5000/);
  });

  it('answers a body over 100 kB with 413 and a GraphQL error [BODY_TOO_LARGE]', async () => {
    const response = await stack.graphql(`{ ssoLoginUrl }`, {
      variables: { padding: 'x'.repeat(120_000) },
    });
    expect(response.status).toBe(413);
    expect(codesOf(response)).toEqual(['BODY_TOO_LARGE']);
  });
});
