import { Field, ID, InputType } from 'type-graphql';
import { UserRole } from '../entities/user.entity.js';

@InputType({ description: 'Narrows a user list. All given conditions must hold.' })
export class UserFilter {
  @Field(() => ID, { nullable: true, description: "Only this dealer's users (within the caller's reach)." })
  dealerId?: string | null;

  @Field(() => UserRole, { nullable: true, description: 'Only users of this role.' })
  role?: UserRole | null;

  @Field(() => Boolean, { nullable: true, description: 'Only enabled (true) or only disabled (false) users.' })
  active?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive text in the username or display name; at most 100 characters.',
  })
  search?: string | null;
}

@InputType({ description: 'A new user, who sets its own password through the invitation link.' })
export class InviteUserInput {
  @Field(() => String, { description: 'Login name: 3 to 64 of a-z, 0-9, "_", "." and "-".' })
  username!: string;

  @Field(() => String, { description: 'Name shown in the apps, 1 to 120 characters.' })
  displayName!: string;

  @Field(() => UserRole, {
    description:
      'Head office: any role; a dealer admin: DEALER_ADMIN or DEALER_STAFF of its own dealer (else ROLE_NOT_ALLOWED).',
  })
  role!: UserRole;

  @Field(() => ID, {
    nullable: true,
    description: "The dealer of a dealer user (required for HQ; a dealer admin's own by default); none for others.",
  })
  dealerId?: string | null;

  @Field(() => ID, { nullable: true, description: "A regional manager's region (REGION_REQUIRED without it)." })
  regionId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: "A warehouse operator's warehouses, 1 to 50 ids (WAREHOUSES_REQUIRED without them).",
  })
  warehouseIds?: string[] | null;
}

@InputType({ description: "A user's new role (and the region or warehouses that role needs)." })
export class SetUserRoleInput {
  @Field(() => ID, { description: 'The user.' })
  id!: string;

  @Field(() => UserRole, {
    description: 'The new role: a dealer user stays a dealer user and a brand user a brand user (ROLE_NOT_ALLOWED).',
  })
  role!: UserRole;

  @Field(() => ID, { nullable: true, description: 'The region, for REGION_MANAGER (REGION_REQUIRED without it).' })
  regionId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'The warehouses, for WAREHOUSE_OPERATOR (WAREHOUSES_REQUIRED without them); they replace the old.',
  })
  warehouseIds?: string[] | null;
}

@InputType({ description: 'An invitation token and the password its user chooses.' })
export class AcceptInvitationInput {
  @Field(() => String, { description: 'The token from the invitation link (the part after "/invite/").' })
  token!: string;

  @Field(() => String, {
    description:
      'The new password: 10 to 128 characters, not containing the username, with 3 of lower case, upper case, ' +
      'digits and other characters (else PASSWORD_TOO_WEAK).',
  })
  password!: string;
}
