import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { BLOCK_MINUTES } from '../booking/slot-claim.model';

/** Lengths are whole blocks: the claims that hold a session's time are blocks. */
function Blocks(min: number, max: number): PropertyDecorator {
  return (target, property) => {
    IsInt()(target, property);
    Min(min)(target, property);
    Max(max)(target, property);
  };
}

@InputType()
export class SessionTypeInput {
  @Field()
  @Length(1, 100)
  name!: string;

  @Field(() => Int, { description: `Minutes, a multiple of ${BLOCK_MINUTES}` })
  @Blocks(BLOCK_MINUTES, 480)
  durationMinutes!: number;

  @Field(() => Int, { defaultValue: 15, description: `A multiple of ${BLOCK_MINUTES}` })
  @Blocks(BLOCK_MINUTES, 240)
  slotIntervalMinutes!: number;

  @Field(() => Int, { defaultValue: 0, description: `A multiple of ${BLOCK_MINUTES}` })
  @Blocks(0, 240)
  bufferBeforeMinutes!: number;

  @Field(() => Int, { defaultValue: 0, description: `A multiple of ${BLOCK_MINUTES}` })
  @Blocks(0, 240)
  bufferAfterMinutes!: number;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(60 * 24 * 30)
  minimumNoticeMinutes!: number;

  @Field(() => Int, { defaultValue: 60 })
  @IsInt()
  @Min(1)
  @Max(365)
  bookingWindowDays!: number;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(60 * 24 * 30)
  cancellationNoticeMinutes!: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxPerDay?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  maxPerWeek?: number | null;

  @Field({ defaultValue: false, description: 'Booking spends one coaching package credit' })
  requiresPackage!: boolean;

  @Field({ defaultValue: true })
  active!: boolean;
}
