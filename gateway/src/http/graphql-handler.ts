import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  readonly server: ApolloServer<TContext>;
  readonly context: (http: { req: Request; res: Response }) => Promise<TContext>;
}

/**
 * Serves Apollo Server on Express, as `@as-integrations/express5` does, but
 * leaves alone a response the deadline already answered (504) or whose
 * client is gone.
 */
export function graphqlHandler<TContext extends BaseContext>(
  options: GraphQLHandlerOptions<TContext>,
): RequestHandler {
  const { server, context } = options;
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const queryAt = req.url.indexOf('?');
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: queryAt < 0 ? '' : req.url.slice(queryAt),
        body: req.body,
      },
      context: () => context({ req, res }),
    });
    if (res.headersSent || res.destroyed) return;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) {
      if (res.destroyed) return;
      res.write(chunk);
    }
    res.end();
  };
}
