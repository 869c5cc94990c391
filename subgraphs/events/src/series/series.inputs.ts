import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { EventDetailsInput } from '../event/event.inputs';
import { EventFormat } from '../event/event.model';
import { MAX_OCCURRENCES } from './recurrence';
import { RecurrenceFrequency, Weekday } from './series.model';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class RecurrenceInput {
  @Field(() => RecurrenceFrequency)
  @IsEnum(RecurrenceFrequency)
  freq!: RecurrenceFrequency;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(1)
  @Max(52)
  interval: number = 1;

  @Field(() => [Weekday], { nullable: true })
  @IsOptional()
  @IsEnum(Weekday, { each: true })
  byDay?: Weekday[] | null;

  @Field(() => Int, { nullable: true, description: `At most ${MAX_OCCURRENCES}; or until` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_OCCURRENCES)
  count?: number | null;

  @Field(() => Date, { nullable: true, description: 'The last possible start; or count' })
  @IsOptional()
  @IsDate()
  until?: Date | null;
}

@InputType()
export class CreateEventSeriesInput extends EventDetailsInput {
  @Field({ description: 'The first occurrence: its start sets the local time of every one' })
  @IsDate()
  startsAt!: Date;

  @Field()
  @IsDate()
  endsAt!: Date;

  @Field(() => RecurrenceInput)
  @ValidateNested()
  recurrence!: RecurrenceInput;

  @Field(() => [String], { nullable: true, description: 'Local dates (YYYY-MM-DD) to leave out' })
  @IsOptional()
  @ArrayMaxSize(MAX_OCCURRENCES)
  @Matches(LOCAL_DATE, { each: true, message: 'excludedDates must be dates as YYYY-MM-DD' })
  excludedDates?: string[] | null;

  @Field({ defaultValue: false, description: 'Publish every occurrence at once' })
  @IsBoolean()
  publish: boolean = false;
}

/** Changes for the series' future occurrences (those not started yet); past ones stay. */
@InputType()
export class UpdateEventSeriesInput {
  @Field({ nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @Field({ nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @Field(() => EventFormat, { nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsEnum(EventFormat)
  format?: EventFormat;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  joinUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  venueName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @Field(() => Int, { nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsInt()
  @Min(1)
  @Max(100_000)
  capacity?: number;

  @Field(() => [String], {
    nullable: true,
    description: 'More local dates to leave out: their future occurrences are cancelled',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_OCCURRENCES)
  @Matches(LOCAL_DATE, { each: true, message: 'excludedDates must be dates as YYYY-MM-DD' })
  excludedDates?: string[] | null;
}
