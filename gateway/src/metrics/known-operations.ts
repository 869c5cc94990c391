import { persistedDocuments } from '@weace/client';
import { Kind, parse } from 'graphql';

/** The operation names of documents: the only `operation` label values the gateway's metrics use. */
export function operationNamesOf(documents: Iterable<string>): string[] {
  const names: string[] = [];
  for (const body of documents) {
    for (const definition of parse(body).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) {
        names.push(definition.name.value);
      }
    }
  }
  return names;
}

/** The apps' codegen operations (schema/operations, with their persisted-document ids). */
export const appOperationNames = () => operationNamesOf(Object.values(persistedDocuments));
