import { Query, Resolver } from 'type-graphql';
import type { SsoSettings } from '../config';

/**
 * Where apps send people for single sign-on. These are the gateway's SSO
 * routes, not the provider's endpoints: the gateway keeps the OAuth state and
 * PKCE verifier and exchanges the code, so apps only navigate to a URL.
 */
@Resolver()
export class SsoResolver {
  constructor(private readonly sso: SsoSettings) {}

  @Query(() => String, {
    nullable: true,
    description:
      'Open in the browser to sign in with the organisation’s identity provider; null when SSO is not configured',
  })
  ssoLoginUrl(): string | null {
    return this.sso.loginUrl ?? null;
  }

  @Query(() => String, {
    nullable: true,
    description:
      'Open in the browser to end the SSO session too (after logout); null when SSO is not configured',
  })
  ssoLogoutUrl(): string | null {
    return this.sso.logoutUrl ?? null;
  }
}
