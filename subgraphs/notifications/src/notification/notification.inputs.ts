import { IsOptional } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { Category } from './notification.model';

@InputType({ description: 'Left-out fields do not filter' })
export class NotificationFilter {
  @Field(() => Boolean, { nullable: true, description: 'true: read only; false: unread only' })
  @IsOptional()
  read?: boolean | null;

  @Field(() => Category, { nullable: true })
  @IsOptional()
  category?: Category | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: the archive; false or left out: the inbox',
  })
  @IsOptional()
  archived?: boolean | null;
}
