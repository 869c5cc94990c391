import { createHash } from 'node:crypto';
import {
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type OperationTypeNode,
  parse,
  validate,
} from 'graphql';

/** One document of a partner's manifest, as the gateway keeps it. */
export interface ManifestDocument {
  /** SHA-256 of `body`, lowercase hex, without the `sha256:` prefix. */
  readonly id: string;
  readonly body: string;
  readonly name: string | null;
  readonly type: OperationTypeNode;
}

/** Thrown with every problem of a manifest at once; nothing is registered. */
export class ManifestError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The manifest cannot be registered:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestError';
  }
}

/** `sha256:ABC…` and `abc…` name the same document. */
export function normalizeDocumentId(id: string): string {
  return id.replace(/^sha256:/i, '').toLowerCase();
}

export const sha256Of = (body: string) => createHash('sha256').update(body).digest('hex');

/**
 * The (id, body) pairs of a manifest in either format the clients produce:
 * GraphQL Code Generator's `persisted-documents.json` (`{ "sha256:<hash>": "<body>" }`)
 * or Apollo's persisted query manifest
 * (`{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ id, body, … }] }`).
 */
function entriesOf(manifest: unknown): [string, unknown][] {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new ManifestError(['expected a JSON object']);
  }
  const record = manifest as Record<string, unknown>;
  if (record.format === 'apollo-persisted-query-manifest') {
    if (record.version !== 1 || !Array.isArray(record.operations)) {
      throw new ManifestError(['an Apollo manifest needs version 1 and an operations array']);
    }
    return record.operations.map((operation: unknown, i) => {
      const { id, body } = (operation ?? {}) as { id?: unknown; body?: unknown };
      return [typeof id === 'string' ? id : `operations[${i}]`, body];
    });
  }
  return Object.entries(record);
}

/**
 * Checks a manifest before it is registered: every id must be the SHA-256 of
 * its body (recomputed, never trusted), and every body a valid operation of
 * the current API schema, with exactly one operation.
 */
export function prepareManifest(manifest: unknown, schema: GraphQLSchema): ManifestDocument[] {
  const problems: string[] = [];
  const documents: ManifestDocument[] = [];
  for (const [givenId, body] of entriesOf(manifest)) {
    if (typeof body !== 'string' || !body.trim()) {
      problems.push(`${givenId}: no document body`);
      continue;
    }
    const id = sha256Of(body);
    if (normalizeDocumentId(givenId) !== id) {
      problems.push(`${givenId}: is not the SHA-256 of its body (${id})`);
      continue;
    }
    let operations: OperationDefinitionNode[];
    try {
      const document = parse(body);
      const errors = validate(schema, document);
      if (errors.length) {
        problems.push(`${givenId}: ${errors.map((e) => e.message).join('; ')}`);
        continue;
      }
      operations = document.definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
    } catch (error) {
      problems.push(`${givenId}: ${(error as Error).message}`);
      continue;
    }
    if (operations.length !== 1) {
      problems.push(`${givenId}: expected exactly one operation, found ${operations.length}`);
      continue;
    }
    const [operation] = operations as [OperationDefinitionNode];
    documents.push({ id, body, name: operation.name?.value ?? null, type: operation.operation });
  }
  if (!documents.length && !problems.length) problems.push('the manifest has no documents');
  if (problems.length) throw new ManifestError(problems);
  return documents;
}
