import { PageArgs } from '@weace/service-kit';
import { IsEnum, IsOptional, Length, Matches } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { SessionStatus } from './session.model';

@InputType()
export class BookSessionInput {
  @Field(() => ID, { description: "The coach's User.id" })
  coachId!: string;

  @Field(() => ID)
  sessionTypeId!: string;

  @Field({ description: 'One of availableSlots’ starts' })
  startsAt!: Date;

  @Field(() => String, {
    nullable: true,
    description: 'Sent again with a retry, returns the session the first attempt booked',
  })
  @IsOptional()
  @Length(8, 100)
  @Matches(/^[\w.:-]+$/, { message: '$property may hold letters, digits and . _ : -' })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'A start a session can be booked at' })
export class Slot {
  @Field()
  startsAt!: Date;

  @Field()
  endsAt!: Date;
}

@InputType()
export class SessionFilter {
  @Field(() => SessionStatus, { nullable: true })
  @IsOptional()
  @IsEnum(SessionStatus)
  status?: SessionStatus | null;

  @Field(() => Date, { nullable: true, description: 'Sessions starting at or after' })
  @IsOptional()
  from?: Date | null;
}

@ArgsType()
export class MySessionsArgs extends PageArgs {
  @Field(() => SessionFilter, { nullable: true })
  @IsOptional()
  filter?: SessionFilter | null;
}

@ArgsType()
export class CancelSessionArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Required when the coach or an admin cancels',
  })
  @IsOptional()
  @Length(1, 500)
  reason?: string | null;
}

@ArgsType()
export class SlotsArgs {
  @Field(() => ID)
  coachId!: string;

  @Field(() => ID)
  sessionTypeId!: string;

  @Field()
  from!: Date;

  @Field({ description: 'At most 62 days after from' })
  to!: Date;
}
