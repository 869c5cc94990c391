import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from '@weace/service-kit';
import type { GatewayContext } from '../gateway-context';

/**
 * Sends each subgraph fetch with the request's verified caller, as a
 * short-lived token signed by the gateway, and its correlation id.
 */
export class InternalDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override async willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    // Health checks and schema loading run outside any client request.
    if (!('internalToken' in context)) return;
    request.http?.headers.set(INTERNAL_TOKEN_HEADER, await context.internalToken());
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
