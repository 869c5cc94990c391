/**
 * The OAuth 2.0 authorization server browsers sign in at: the Cognito Hosted
 * UI in production, the local OpenID provider with `npm start` and in tests.
 */
export interface SsoProvider {
  /** Cognito: `https://<domain>/oauth2/authorize`; OpenID Connect: `authorization_endpoint`. */
  readonly authorizationEndpoint: string;
  /** Cognito: `https://<domain>/logout`; OpenID Connect: `end_session_endpoint`. */
  readonly logoutEndpoint: string;
  /**
   * The logout endpoint's parameter saying where to send the browser back:
   * Cognito's `logout_uri`, or OpenID Connect's `post_logout_redirect_uri`.
   */
  readonly logoutRedirectParameter: 'logout_uri' | 'post_logout_redirect_uri';
}

/** How the gateway's `/auth/sso/*` routes run the authorization code flow with PKCE. */
export interface SsoOptions {
  readonly provider: SsoProvider;
  /** The app client the browser signs in for (the code exchange uses the same one). */
  readonly clientId: string;
  /**
   * The gateway's own `/auth/sso/callback` URL, registered with the provider as
   * an allowed callback URL. Its scheme decides the cookie's `Secure` flag.
   */
  readonly redirectUri: string;
  /** Default `openid email profile`. */
  readonly scopes?: readonly string[];
  /**
   * Where the callback sends the browser, with the access and ID tokens in the
   * URL fragment (`#access_token=…&id_token=…&expires_in=…&token_type=Bearer`),
   * which browsers never send to servers; the refresh token stays in an
   * httpOnly cookie that `/auth/sso/refresh` reads. Default: none, the callback answers
   * JSON with the tokens and the profile.
   */
  readonly appRedirectUrl?: string;
  /** Where the provider sends the browser after signing out (registered with it). Default: none. */
  readonly logoutRedirectUrl?: string;
  /** Signs the cookie that binds a sign-in to its browser; at least 32 characters. */
  readonly cookieSecret: string;
  /** How long a browser may take from `/login` to `/callback`. Default 600 s. */
  readonly signInTimeoutSeconds?: number;
}
