import { describe, expect, it } from '@jest/globals';
import { graphql } from 'graphql';
import { subgraphSchema } from '@weace/service-kit';
import { usersSubgraph } from './index';

const buildUsersSchema = () => subgraphSchema(usersSubgraph);

/** The SDL the gateway composes, as the subgraph serves it. */
async function servedSdl(): Promise<string> {
  const result = await graphql({
    schema: await buildUsersSchema(),
    source: '{ _service { sdl } }',
  });
  return (result.data as { _service: { sdl: string } })._service.sdl;
}

describe('the users subgraph schema', () => {
  it('builds a Federation 2 subgraph with User as an entity keyed by id and by subject', async () => {
    const sdl = await servedSdl();
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)\s+@key\(fields: "subject"\)/);
    expect(sdl).toContain('url: "https://specs.apollo.dev/federation/v2.7"');
  });

  it('exposes the operations of the users domain', async () => {
    const schema = await buildUsersSchema();
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(
      expect.arrayContaining([
        'me',
        'user',
        'users',
        'searchUsers',
        'usersDeadLetters',
        '_entities',
        '_service',
      ]),
    );
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual([
      'confirmRegistration',
      'createUser',
      'deleteUser',
      'follow',
      'register',
      'replayUsersDeadLetter',
      'ssoSignIn',
      'unfollow',
      'updateMyPreferences',
      'updateMyProfile',
      'updateUser',
    ]);
  });

  it('keeps the abstract input base out of the schema', async () => {
    const schema = await buildUsersSchema();
    expect(schema.getType('ClearableProfileFields')).toBeUndefined();
  });
});
