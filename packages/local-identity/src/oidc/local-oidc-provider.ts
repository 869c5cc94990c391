import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { LocalOidcProviderOptions } from './local-oidc-provider.server';
import type { WorkerReport } from './local-oidc-provider.worker';

export type { LocalOidcProviderOptions } from './local-oidc-provider.server';

export interface LocalOidcProvider {
  /** Discovery is at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly jwksUri: string;
  stop(): Promise<void>;
}

/**
 * Starts an OpenID Connect provider standing in for the Cognito Hosted UI, in a worker thread.
 *
 * oidc-provider recognises configuration objects by `constructor === Object`; under jest,
 * objects made in test code belong to another realm, and the provider rejects its own clients
 * (`invalid_client_metadata`). A worker is a plain Node environment, so the provider runs the
 * same in tests and in `npm start`, still in this process, and the options cross as data.
 */
export async function startLocalOidcProvider(
  options: LocalOidcProviderOptions,
): Promise<LocalOidcProvider> {
  const worker = new Worker(require.resolve('./local-oidc-provider.worker'), {
    workerData: options,
    // The worker runs this package's TypeScript the way `npm start` does.
    execArgv: ['--require', require.resolve('@swc-node/register')],
  });
  const [started] = (await once(worker, 'message')) as [WorkerReport];
  if (started.kind !== 'listening') {
    await worker.terminate();
    throw new Error(
      `The local OIDC provider did not start: ${'message' in started ? started.message : started.kind}`,
    );
  }
  return {
    issuer: started.issuer,
    jwksUri: started.jwksUri,
    stop: async () => {
      worker.postMessage('stop');
      await once(worker, 'message');
      await worker.terminate();
    },
  };
}
