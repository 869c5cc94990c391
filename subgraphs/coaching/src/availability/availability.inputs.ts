import {
  ArrayMaxSize,
  IsEnum,
  IsTimeZone,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { Weekday } from './availability.model';

/** `HH:mm` on the 5-minute block grid; `24:00` only as an end. */
const START = /^([01]\d|2[0-3]):[0-5][05]$/;
const END = /^(([01]\d|2[0-3]):[0-5][05]|24:00)$/;
const MESSAGE = '$property must be HH:mm on a 5-minute mark';

@InputType()
export class TimeRangeInput {
  @Field({ description: 'HH:mm, a multiple of 5 minutes' })
  @Matches(START, { message: MESSAGE })
  start!: string;

  @Field({ description: 'HH:mm after start; 24:00 for midnight' })
  @Matches(END, { message: MESSAGE })
  end!: string;
}

@InputType()
export class WeeklyHoursInput extends TimeRangeInput {
  @Field(() => Weekday)
  @IsEnum(Weekday)
  day!: Weekday;
}

@InputType()
export class DateOverrideInput {
  @Field({ description: 'YYYY-MM-DD in the coach’s zone' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be YYYY-MM-DD' })
  date!: string;

  @Field(() => [TimeRangeInput], { description: 'Empty: away that day' })
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  ranges!: TimeRangeInput[];
}

@InputType({ description: 'Replaces the whole availability' })
export class AvailabilityInput {
  @Field({ description: 'IANA time zone, e.g. Europe/Paris' })
  @IsTimeZone()
  @MaxLength(64)
  timeZone!: string;

  @Field(() => [WeeklyHoursInput])
  @ArrayMaxSize(84)
  @ValidateNested({ each: true })
  weekly!: WeeklyHoursInput[];

  @Field(() => [DateOverrideInput], { defaultValue: [] })
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  overrides!: DateOverrideInput[];
}
