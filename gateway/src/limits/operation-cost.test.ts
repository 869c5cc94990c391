import { describe, expect, it } from '@jest/globals';
import { type OperationDefinitionNode, buildSchema, parse } from 'graphql';
import { operationCost } from './operation-cost';

const schema = buildSchema(/* GraphQL */ `
  type Query {
    me: User
    users(first: Int = 20): UserConnection!
    tags: [String!]!
  }
  type UserConnection {
    edges: [UserEdge!]!
    totalCount: Int!
  }
  type UserEdge {
    node: User!
  }
  type User {
    id: ID!
    friends(limit: Int): [User!]!
  }
`);

function costOf(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  )!;
  return operationCost(schema, document, operation, variables, { defaultListSize: 10 });
}

describe('operationCost', () => {
  it('charges 1 per object and nothing for scalars', () => {
    expect(costOf('{ me { id } tags }')).toBe(1);
  });

  it("sizes a connection's edges by its first argument, counted once", () => {
    // users: 1, edges: 5 × (edge 1 + node 1)
    expect(costOf('{ users(first: 5) { edges { node { id } } } }')).toBe(11);
  });

  it('takes sizes from variables, then from variable defaults, then the default list size', () => {
    const query = 'query ($n: Int = 3) { me { friends(limit: $n) { id } } }';
    expect(costOf(query, { n: 7 })).toBe(1 + 7);
    expect(costOf(query)).toBe(1 + 3);
    expect(costOf('{ me { friends { id } } }')).toBe(1 + 10);
  });

  it('multiplies nested lists, through fragments', () => {
    const query = /* GraphQL */ `
      {
        me {
          ...F
        }
      }
      fragment F on User {
        friends(limit: 10) {
          friends(limit: 10) {
            id
          }
        }
      }
    `;
    expect(costOf(query)).toBe(1 + 10 * (1 + 10));
  });

  it('leaves introspection out', () => {
    expect(costOf('{ __schema { types { fields { name } } } }')).toBe(0);
  });
});
