import type { ServiceContext } from '@weace/service-kit';
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { actorOf } from '../caller';
import { SessionTypeInput } from './session-type.inputs';
import { SessionType, type SessionTypeDocument } from './session-type.model';
import type { SessionTypeService } from './session-type.service';

@Resolver(() => SessionType)
export class SessionTypeResolver {
  constructor(private readonly sessionTypes: SessionTypeService) {}

  @Authorized()
  @Mutation(() => SessionType, {
    description: 'The caller (a coach with a profile) offers a new type',
  })
  createSessionType(
    @Arg('input') input: SessionTypeInput,
    @Ctx() context: ServiceContext,
  ): Promise<SessionTypeDocument> {
    return this.sessionTypes.create(actorOf(context), input);
  }

  @Authorized()
  @Mutation(() => SessionType, { description: 'Replaces one of the caller’s session types' })
  updateSessionType(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: SessionTypeInput,
    @Ctx() context: ServiceContext,
  ): Promise<SessionTypeDocument> {
    return this.sessionTypes.update(actorOf(context), id, input);
  }
}
