import { type ServiceContext, callerUserId } from '@weace/service-kit';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Preferences } from '../preferences/preferences.model';
import type { PhoneService } from './phone.service';

@Resolver()
export class PhoneResolver {
  constructor(private readonly phones: PhoneService) {}

  @Authorized()
  @Mutation(() => Date, {
    description: 'Texts a one-time code to the number (E.164); answers when the code expires',
  })
  requestPhoneVerification(
    @Arg('phone') phone: string,
    @Ctx() context: ServiceContext,
  ): Promise<Date> {
    return this.phones.requestVerification(callerUserId(context), phone);
  }

  @Authorized()
  @Mutation(() => Preferences, { description: 'Confirms the number with the code it received' })
  confirmPhone(@Arg('code') code: string, @Ctx() context: ServiceContext): Promise<Preferences> {
    return this.phones.confirm(callerUserId(context), code);
  }
}
