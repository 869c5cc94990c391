import { describe, expect, it } from '@jest/globals';
import { type ObjectTypeDefinitionNode, graphql, parse } from 'graphql';
import { subgraphSchema } from '@weace/service-kit';
import { authSubgraph } from './index';
import { startAuthHarness } from './testing/auth-harness';

const SERVICE_SDL = '{ _service { sdl } }';

/** The SDL the gateway composes, as the subgraph serves it. */
async function servedSdl(): Promise<string> {
  const result = await graphql({ schema: await subgraphSchema(authSubgraph), source: SERVICE_SDL });
  return (result.data as { _service: { sdl: string } })._service.sdl;
}

describe('the auth subgraph schema', () => {
  it('returns User as a reference by subject that the users subgraph resolves', async () => {
    const sdl = await servedSdl();
    expect(sdl).toMatch(/type User\s+@key\(fields: "subject", resolvable: false\)/);
  });

  it('keeps the service-only operations out of the API clients see', async () => {
    const document = parse(await servedSdl());
    const mutation = document.definitions.find(
      (definition): definition is ObjectTypeDefinitionNode =>
        definition.kind === 'ObjectTypeDefinition' && definition.name.value === 'Mutation',
    );
    const inaccessible = mutation?.fields
      ?.filter((field) => field.directives?.some((d) => d.name.value === 'inaccessible'))
      .map((field) => field.name.value);
    expect(inaccessible?.sort()).toEqual([
      'confirmIdentityAccount',
      'createIdentityAccount',
      'exchangeSsoCode',
      'refreshSsoTokens',
      'revokeSsoRefreshToken',
    ]);
  });

  it('has the same shape when started as when built for its SDL', async () => {
    const harness = await startAuthHarness();
    try {
      const started = await harness.execute<{ _service: { sdl: string } }>(SERVICE_SDL);
      expect(started.data?._service.sdl).toBe(await servedSdl());
    } finally {
      await harness.stop();
    }
  });
});
