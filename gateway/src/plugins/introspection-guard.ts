import type { ApolloServerPlugin } from '@apollo/server';
import { ForbiddenError, Role } from '@weace/service-kit';
import { BREAK, type DocumentNode, visit } from 'graphql';
import type { GatewayContext } from '../gateway-context';

function asksForIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** In production, the schema is explored only with an ADMIN token (Apollo Sandbox with headers). */
export function introspectionGuard(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          const { caller } = contextValue;
          const isAdmin = caller.kind === 'user' && caller.identity.roles.includes(Role.Admin);
          if (!isAdmin && asksForIntrospection(document)) {
            throw new ForbiddenError('Introspection is reserved for administrators');
          }
        },
      };
    },
  };
}
