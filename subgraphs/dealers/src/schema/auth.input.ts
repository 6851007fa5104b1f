import { Field, InputType } from 'type-graphql';

/** The credentials `login` takes. */
@InputType({ description: 'Credentials to log in with.' })
export class LoginInput {
  @Field(() => String, { description: 'Login name, 1 to 64 characters.' })
  username!: string;

  @Field(() => String, { description: 'Password, 1 to 256 characters.' })
  password!: string;
}
