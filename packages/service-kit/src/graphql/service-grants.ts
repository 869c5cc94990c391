import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ForbiddenError } from '../errors/errors';
import type { ServiceContext } from './context';

/** The schema names of an operation's root fields (aliases resolved, fragments followed). */
export function rootFieldsOf(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [],
    ),
  );
  const names = new Set<string>();
  const seen = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') names.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return [...names];
}

/**
 * A service calling a subgraph directly may run only the root fields its
 * token declares (`createServiceClient`'s `operations`); anything else is
 * FORBIDDEN (HTTP 403) before any resolver runs. People's calls are not affected.
 */
export function serviceGrantsPlugin(): ApolloServerPlugin<ServiceContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: { caller }, operation, document }) {
          if (caller.kind !== 'service' || !operation) return;
          const refused = rootFieldsOf(operation, document).filter(
            (field) => !caller.operations.includes(field),
          );
          if (refused.length) {
            const error = new ForbiddenError(
              `The ${caller.service} service is not granted ${refused.join(', ')}`,
            );
            // A misconfigured service, not a client mistake: the whole request is refused.
            error.extensions.http = { status: 403 };
            throw error;
          }
        },
      };
    },
  };
}
