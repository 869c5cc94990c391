import { ServicesOnly } from '@weace/service-kit';
import type { SignIns } from '../directory/sign-ins.service';
import { Args, Directive, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { SsoCodeExchange, SsoSession as ExchangedSession } from './sso-exchange.service';
import { ExchangeSsoCodeArgs, RefreshSsoTokensArgs, SsoSession } from './sso-exchange.types';

/**
 * The code exchange of the gateway's SSO routes. Services only, and
 * `@inaccessible`: no client can reach it through the gateway, and a direct
 * call needs a service's internal token.
 */
@Resolver()
@UseMiddleware(ServicesOnly)
export class SsoExchangeResolver {
  /** `exchange` is undefined when SSO is not configured: the operations then fail, masked. */
  constructor(
    private readonly exchange: SsoCodeExchange | undefined,
    private readonly signIns: SignIns,
  ) {}

  @Directive('@inaccessible')
  @Mutation(() => SsoSession, {
    description: 'Services only: redeems an SSO authorization code at the provider',
  })
  async exchangeSsoCode(@Args() args: ExchangeSsoCodeArgs): Promise<SsoSession> {
    const session = await this.configured().exchange(args);
    await this.signIns.announce(session.identity, 'SSO');
    return flatten(session);
  }

  @Directive('@inaccessible')
  @Mutation(() => SsoSession, { description: 'Services only: refreshes SSO tokens' })
  async refreshSsoTokens(@Args() args: RefreshSsoTokensArgs): Promise<SsoSession> {
    return flatten(await this.configured().refresh(args));
  }

  @Directive('@inaccessible')
  @Mutation(() => Boolean, {
    description:
      'Services only: revokes an SSO refresh token at the provider; false when it cannot revoke',
  })
  async revokeSsoRefreshToken(@Args() args: RefreshSsoTokensArgs): Promise<boolean> {
    return this.configured().revoke(args);
  }

  private configured(): SsoCodeExchange {
    if (!this.exchange)
      throw new Error('SSO is not configured: set SSO_HOSTED_UI_URL or SSO_TOKEN_URL');
    return this.exchange;
  }
}

function flatten({ identity, ...tokens }: ExchangedSession): SsoSession {
  return { ...tokens, ...identity, groups: [...identity.groups] };
}
