import { dirname, join } from 'node:path';
import { Router } from 'express';

export interface ExplorerOptions {
  /** The GraphQL endpoint the explorer queries, relative to the page. Default `/graphql`. */
  readonly endpoint?: string;
}

/** The browser files, served from node_modules: nothing is loaded from a CDN. */
const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  'react.js': { file: fileOf('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': {
    file: fileOf('react-dom', 'umd/react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'graphiql.js': { file: fileOf('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: fileOf('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

/** A file of an installed package (React's `exports` hide its UMD builds from require.resolve). */
function fileOf(pkg: string, path: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), path);
}

const page = /* HTML */ `<!doctype html>
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <title>WeAce GraphQL explorer</title>
      <link rel="stylesheet" href="assets/graphiql.css" />
      <style>
        body {
          margin: 0;
          height: 100vh;
        }
        #explorer {
          height: 100vh;
        }
      </style>
    </head>
    <body>
      <div id="explorer">Loading the explorer…</div>
      <script src="assets/react.js"></script>
      <script src="assets/react-dom.js"></script>
      <script src="assets/graphiql.js"></script>
      <script src="assets/start.js"></script>
    </body>
  </html> `;

const start = (endpoint: string) => `'use strict';
// In production only an ADMIN token may introspect: paste {"Authorization": "Bearer …"} in Headers.
ReactDOM.createRoot(document.getElementById('explorer')).render(
  React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: new URL(${JSON.stringify(endpoint)}, location.href).href }),
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  }),
);
`;

/**
 * GraphiQL served by the gateway itself at `/explorer`, for when Apollo
 * Sandbox (loaded from Apollo's CDN) cannot load: behind a firewall or
 * offline. The page is static; the schema comes from introspection, which
 * in production answers ADMIN tokens only (the introspection guard). A
 * Content-Security-Policy keeps the page to its own files and this gateway.
 */
export function explorer(options: ExplorerOptions = {}): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set(
      'content-security-policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'",
    );
    next();
  });
  router.get('/', (req, res) => {
    // Relative asset URLs need the trailing slash.
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, `${req.baseUrl}/`);
    res.type('html').send(page);
  });
  router.get('/assets/start.js', (_req, res) => {
    res.type('text/javascript').send(start(options.endpoint ?? '/graphql'));
  });
  router.get('/assets/:file', (req, res) => {
    const asset = ASSETS[req.params.file];
    if (!asset) return res.sendStatus(404);
    res.type(asset.type).set('cache-control', 'public, max-age=86400');
    res.sendFile(asset.file);
  });
  return router;
}
