import { parentPort, workerData } from 'node:worker_threads';
import {
  type LocalOidcProviderOptions,
  serveLocalOidcProvider,
} from './local-oidc-provider.server';

/** What the worker tells the thread that started it. */
export type WorkerReport =
  | { readonly kind: 'listening'; readonly issuer: string; readonly jwksUri: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'closed' };

const parent = parentPort;
if (!parent) throw new Error('local-oidc-provider.worker runs only as a worker thread');
const report = (message: WorkerReport) => parent.postMessage(message);

serveLocalOidcProvider(workerData as LocalOidcProviderOptions).then(
  ({ issuer, jwksUri, close }) => {
    // Any message from the parent means stop.
    parent.once('message', () => void close().then(() => report({ kind: 'closed' })));
    report({ kind: 'listening', issuer, jwksUri });
  },
  (error: unknown) => report({ kind: 'failed', message: (error as Error).message }),
);
