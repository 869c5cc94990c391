import { ArgsType, Field } from 'type-graphql';
import { IsTokenText } from '../account.validators';

@ArgsType()
export class VerifyTokenArgs {
  @Field({ description: 'An access or ID token' })
  @IsTokenText()
  token!: string;
}
