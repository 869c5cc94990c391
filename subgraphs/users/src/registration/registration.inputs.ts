import { IsEmail, Length, Matches, MaxLength } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';

@InputType({ description: 'A new person signing up with email and password' })
export class RegisterInput {
  @Field({ description: 'Also the sign-in name; a code is sent to it' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field({ description: 'The password policy applies; a failure names the rule' })
  @Length(1, 256)
  password!: string;

  @Field()
  @Length(1, 100)
  @Matches(/\S/, { message: '$property must not be blank' })
  name!: string;
}

@ArgsType()
export class ConfirmRegistrationArgs {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field({ description: 'The code the registration emailed' })
  @Length(1, 16)
  code!: string;
}
