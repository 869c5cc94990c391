import { listenLocally } from '../http-server';
import { AccountDirectory, type LocalOidcAccount } from './account-directory';
import { interactionRoutes } from './interaction.routes';
import { type LocalOidcClient, oidcConfiguration } from './oidc-provider.configuration';
import { loadSigningKey } from './signing-key';

export interface LocalOidcProviderOptions {
  /** TCP port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string;
  /** The issuer, an origin without path. Default `http://<host>:<port>`. */
  readonly issuerUrl?: string;
  readonly clients: readonly LocalOidcClient[];
  readonly accounts: readonly LocalOidcAccount[];
  /** Keeps the signing key across restarts (`.data/oidc` in dev). Default: a new key per start. */
  readonly dataDir?: string;
}

export interface RunningOidcProvider {
  readonly issuer: string;
  readonly jwksUri: string;
  close(): Promise<void>;
}

/** Serves oidc-provider and the login page on one port. Runs in the provider's worker thread. */
export async function serveLocalOidcProvider(
  options: LocalOidcProviderOptions,
): Promise<RunningOidcProvider> {
  const { default: Provider } = await import('oidc-provider');
  const { server, handle } = await listenLocally(options.port, options.host ?? '127.0.0.1');
  try {
    const issuer = options.issuerUrl ?? server.url;
    if (new URL(issuer).pathname !== '/') throw new Error('issuerUrl must be an origin, no path');
    const accounts = new AccountDirectory(options.accounts);
    const configuration = oidcConfiguration({
      clients: options.clients,
      accounts,
      signingKey: await loadSigningKey(options.dataDir),
    });
    const provider = new Provider(issuer, configuration);
    const interactions = interactionRoutes(provider, accounts);
    const protocol = provider.callback();
    handle((req, res) => {
      if (!interactions(req, res)) void protocol(req, res);
    });
    return { issuer, jwksUri: `${issuer.replace(/\/$/, '')}/jwks`, close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}
