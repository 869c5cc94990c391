import type { ServiceContext } from '@weace/service-kit';
import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { actorOf } from '../actor';
import { EventRegistration } from '../registration/registration.model';
import { CheckInResultCode } from './check-in.model';
import type { CheckInOutcome, CheckInService } from './check-in.service';

@ObjectType({ description: 'What a scan at the door found' })
export class CheckInResult {
  @Field(() => CheckInResultCode)
  result!: CheckInResultCode;

  @Field(() => EventRegistration, { nullable: true })
  registration!: EventRegistration | null;

  @Field(() => Date, { nullable: true, description: 'When the registration was first checked in' })
  checkedInAt!: Date | null;
}

@Resolver()
export class CheckInResolver {
  constructor(private readonly checkIns: CheckInService) {}

  @Authorized()
  @Mutation(() => CheckInResult, {
    description:
      "An event's organisers scan a ticket; sending the same nonce again returns the first answer",
  })
  checkIn(
    @Arg('eventId', () => ID) eventId: string,
    @Arg('ticketCode') ticketCode: string,
    @Arg('nonce') nonce: string,
    @Ctx() context: ServiceContext,
  ): Promise<CheckInOutcome> {
    return this.checkIns.checkIn(actorOf(context), eventId, ticketCode, nonce);
  }
}
