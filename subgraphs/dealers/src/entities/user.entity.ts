import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** Roles a person can log in with (the kit's Role without SERVICE and PARTNER, which are not people). */
export enum UserRole {
  HQ_ADMIN = 'HQ_ADMIN',
  REGION_MANAGER = 'REGION_MANAGER',
  DEALER_ADMIN = 'DEALER_ADMIN',
  DEALER_STAFF = 'DEALER_STAFF',
  WAREHOUSE_OPERATOR = 'WAREHOUSE_OPERATOR',
  FINANCE_CLERK = 'FINANCE_CLERK',
}
registerEnumType(UserRole, {
  name: 'UserRole',
  description: 'Role of a user; decides what data the user may see and change.',
  valuesConfig: {
    HQ_ADMIN: { description: 'Head-office administrator: sees everything.' },
    REGION_MANAGER: { description: 'Regional manager: sees the dealers of their region subtree.' },
    DEALER_ADMIN: { description: "Administrator of a dealer: the dealer's data and its sub-dealers." },
    DEALER_STAFF: { description: "Staff of a dealer: the dealer's data and its sub-dealers." },
    WAREHOUSE_OPERATOR: {
      description: 'Warehouse operator: the stock of the warehouses it works in; no dealer, price or finance data.',
    },
    FINANCE_CLERK: { description: "Finance clerk: every dealer's finance rows; changes no order, stock or price." },
  },
});

@Entity({ tableName: 'app_user' })
@ObjectType({
  description: 'A person who logs in: head office, a regional manager, a dealer user, a warehouse operator or a clerk.',
})
@Directive('@key(fields: "id")')
export class User {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable user id, e.g. "usr_hq_admin".' })
  id!: string;

  @Property({ type: 'string', length: 64, unique: true })
  @Field(() => String, { description: 'Login name.' })
  username!: string;

  /** argon2id PHC string; never leaves this service. */
  @Property({ type: 'string', length: 255 })
  passwordHash!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Name shown in the apps.' })
  displayName!: string;

  @Enum({ items: () => UserRole, nativeEnumName: undefined })
  @Field(() => UserRole, { description: 'Role of the user.' })
  role!: UserRole;

  /** The dealer a dealer user acts for; null for head office, managers, operators and clerks. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  dealerId!: string | null;

  /** A manager's region (a dealer user's is their dealer's home region). */
  @Property({ type: 'string', length: 40, nullable: true })
  regionId!: string | null;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, {
    description: 'False while the user is disabled (disableUser): it cannot log in and its sessions are ended.',
  })
  active!: boolean;

  /** When the user was last disabled (null while enabled). */
  @Property({ type: 'datetime', nullable: true })
  disabledAt!: Date | null;

  /** Why it was disabled, as given to disableUser. */
  @Property({ type: 'string', length: 500, nullable: true })
  disabledReason!: string | null;

  /**
   * Access tokens issued before this moment are refused (every session of the user was ended:
   * disabled, or a rotated refresh token was reused). Covers tokens that name no session.
   */
  @Property({ type: 'datetime', nullable: true })
  sessionsValidAfter!: Date | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  lastLoginAt!: Date | null;

  /** When the user was invited (inviteUser, admission); null for users created by the seed. */
  @Property({ type: 'datetime', nullable: true })
  invitedAt: Date | null = null;

  /** When the user last set its password through an invitation (acceptInvitation). */
  @Property({ type: 'datetime', nullable: true })
  passwordSetAt: Date | null = null;

  /** When the user's role last changed (setUserRole). */
  @Property({ type: 'datetime', nullable: true })
  roleChangedAt: Date | null = null;
}

/**
 * The password hash of a user that has none yet (invited) or lost it (resetUserPassword): no argon2
 * PHC string, so `PasswordService.verify` answers false for every password until the invitation is accepted.
 */
export const NO_PASSWORD = '!';
