import {
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUrl,
  MaxLength,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { EventFormat } from './event.model';

/** The fields shared by a single event and a series' template: what, where, who may come. */
@InputType({ description: 'What an event is, where, and who may come' })
export class EventDetailsInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @Field({ nullable: true, defaultValue: '' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @Field(() => EventFormat)
  @IsEnum(EventFormat)
  format!: EventFormat;

  @Field(() => String, { nullable: true, description: 'ONLINE and HYBRID: where attendees join' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  joinUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'VENUE and HYBRID' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  venueName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @Field({ description: 'IANA time zone, e.g. Europe/Paris' })
  @IsTimeZone()
  timeZone!: string;

  @Field({ nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  allDay?: boolean;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(100_000)
  capacity!: number;

  @Field({ nullable: true, defaultValue: true })
  @IsOptional()
  @IsBoolean()
  waitlistEnabled?: boolean;

  @Field(() => Int, { nullable: true, defaultValue: 48 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  offerHours?: number;

  @Field(() => [ID], {
    nullable: true,
    description: 'Further organisers (User ids) besides the creator',
  })
  @IsOptional()
  @IsString({ each: true })
  organizerIds?: string[];
}

@InputType()
export class CreateEventInput extends EventDetailsInput {
  @Field()
  @IsDate()
  startsAt!: Date;

  @Field({ description: 'Exclusive end; after startsAt' })
  @IsDate()
  endsAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Default: as soon as it is published' })
  @IsOptional()
  @IsDate()
  registrationOpensAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Default and latest: the start' })
  @IsOptional()
  @IsDate()
  registrationClosesAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Default: the start' })
  @IsOptional()
  @IsDate()
  selfCancelUntil?: Date | null;
}

/** Only the fields sent change; `null` clears an optional one. */
@InputType()
export class UpdateEventInput {
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

  @Field({ nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsTimeZone()
  timeZone?: string;

  @Field({ nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsDate()
  startsAt?: Date;

  @Field({ nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsDate()
  endsAt?: Date;

  @Field({ nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsBoolean()
  allDay?: boolean;

  @Field(() => Int, { nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsInt()
  @Min(1)
  @Max(100_000)
  capacity?: number;

  @Field({ nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsBoolean()
  waitlistEnabled?: boolean;

  @Field(() => Int, { nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsInt()
  @Min(1)
  @Max(720)
  offerHours?: number;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  registrationOpensAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  registrationClosesAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  selfCancelUntil?: Date | null;
}

@InputType()
export class EventFilter {
  @Field(() => Date, { nullable: true, description: 'Events ending after this; default now' })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Events starting before this' })
  @IsOptional()
  @IsDate()
  to?: Date | null;

  @Field(() => EventFormat, { nullable: true })
  @IsOptional()
  @IsEnum(EventFormat)
  format?: EventFormat | null;

  @Field(() => String, { nullable: true, description: 'Words in the title or description' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string | null;
}
