import { describe, expect, it } from '@jest/globals';
import { buildSchema } from 'graphql';
import { ManifestError, normalizeDocumentId, prepareManifest, sha256Of } from './manifest';

const schema = buildSchema(/* GraphQL */ `
  type Query {
    me: String
  }
  type Mutation {
    ping: Boolean
  }
`);
const me = 'query Me { me }';
const ping = 'mutation Ping { ping }';

describe('prepareManifest', () => {
  it("reads codegen's persisted-documents.json, with or without the sha256: prefix", () => {
    const documents = prepareManifest(
      { [`sha256:${sha256Of(me)}`]: me, [sha256Of(ping)]: ping },
      schema,
    );
    expect(documents).toEqual([
      { id: sha256Of(me), body: me, name: 'Me', type: 'query' },
      { id: sha256Of(ping), body: ping, name: 'Ping', type: 'mutation' },
    ]);
  });

  it("reads Apollo's persisted query manifest", () => {
    const manifest = {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: sha256Of(me), name: 'Me', type: 'query', body: me }],
    };
    expect(prepareManifest(manifest, schema).map((d) => d.id)).toEqual([sha256Of(me)]);
  });

  it('recomputes every hash and validates every document, naming each problem', () => {
    const invalid = 'query Nope { nope }';
    const attempt = () =>
      prepareManifest(
        { [sha256Of(ping)]: me, [sha256Of(invalid)]: invalid, [sha256Of('{')]: '{' },
        schema,
      );
    expect(attempt).toThrow(ManifestError);
    expect(attempt).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringContaining('is not the SHA-256 of its body'),
          expect.stringContaining('Cannot query field "nope"'),
          expect.stringContaining('Syntax Error'),
        ],
      }),
    );
  });

  it('treats ids case- and prefix-insensitively', () => {
    expect(normalizeDocumentId('sha256:ABCDEF')).toBe('abcdef');
  });
});
