import { domainError, MAX_WAREHOUSE_CLAIMS, Role, UserInputError, type DomainError } from '@dnp/subgraph-kit';
import { UserRole } from '../entities/user.entity.js';

/** Refusal codes of the user administration (each writes nothing). */
export const UserCode = {
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  USERNAME_INVALID: 'USERNAME_INVALID',
  ROLE_NOT_ALLOWED: 'ROLE_NOT_ALLOWED',
  REGION_REQUIRED: 'REGION_REQUIRED',
  REGION_UNKNOWN: 'REGION_UNKNOWN',
  WAREHOUSES_REQUIRED: 'WAREHOUSES_REQUIRED',
  DEALER_REQUIRED: 'DEALER_REQUIRED',
  DEALER_NOT_ACTIVE: 'DEALER_NOT_ACTIVE',
  CANNOT_CHANGE_OWN_ROLE: 'CANNOT_CHANGE_OWN_ROLE',
  INVITATION_INVALID: 'INVITATION_INVALID',
  PASSWORD_TOO_WEAK: 'PASSWORD_TOO_WEAK',
} as const;

/** A login name: lower-case letters, digits, "_", "." and "-", 3 to 64 of them. */
export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,64}$/;

/** Longest display name a user may have (the column's length). */
export const MAX_DISPLAY_NAME = 120;

const WAREHOUSE_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** Roles of a dealer's people; every other role is the brand's. */
export function isDealerUserRole(role: UserRole): boolean {
  return role === UserRole.DEALER_ADMIN || role === UserRole.DEALER_STAFF;
}

/**
 * Whether a viewer of `viewerRole` may give `role` to someone: head office (and the service identity)
 * any role; a dealer admin only its dealer's two roles; nobody else any.
 */
export function mayGrantRole(viewerRole: Role, role: UserRole): boolean {
  if (viewerRole === Role.HQ_ADMIN || viewerRole === Role.SERVICE) return true;
  return viewerRole === Role.DEALER_ADMIN && isDealerUserRole(role);
}

/** What a role needs besides itself. */
export interface RoleTarget {
  role: UserRole;
  regionId?: string | null;
  warehouseIds?: string[] | null;
}

/**
 * The refusals of giving `target` as a viewer of `viewerRole` (ROLE_NOT_ALLOWED, REGION_REQUIRED,
 * WAREHOUSES_REQUIRED); `fromRole` is the user's present role when it has one (a dealer user never
 * becomes a brand user, nor the reverse). Empty when the role may be given.
 */
export function roleRefusals(viewerRole: Role, target: RoleTarget, fromRole?: UserRole): DomainError[] {
  if (!mayGrantRole(viewerRole, target.role))
    return [domainError(UserCode.ROLE_NOT_ALLOWED, `You may not give the role ${target.role}`, 'role')];
  if (fromRole && isDealerUserRole(fromRole) !== isDealerUserRole(target.role))
    return [
      domainError(
        UserCode.ROLE_NOT_ALLOWED,
        isDealerUserRole(fromRole)
          ? "A dealer's user cannot take a head-office role; invite a new user instead"
          : "A head-office user cannot take a dealer's role; invite a new user instead",
        'role',
      ),
    ];
  const errors: DomainError[] = [];
  if (target.role === UserRole.REGION_MANAGER && !target.regionId)
    errors.push(domainError(UserCode.REGION_REQUIRED, 'A regional manager needs its region', 'regionId'));
  if (target.role === UserRole.WAREHOUSE_OPERATOR && !target.warehouseIds?.length)
    errors.push(
      domainError(UserCode.WAREHOUSES_REQUIRED, 'A warehouse operator needs at least one warehouse', 'warehouseIds'),
    );
  return errors;
}

/** The distinct warehouse ids of an input, checked for shape and count (BAD_USER_INPUT). */
export function warehouseIdsOf(ids: unknown): string[] {
  if (ids == null) return [];
  if (!Array.isArray(ids) || ids.length > MAX_WAREHOUSE_CLAIMS)
    throw new UserInputError(`warehouseIds must hold at most ${MAX_WAREHOUSE_CLAIMS} ids`, 'warehouseIds');
  for (const id of ids)
    if (typeof id !== 'string' || !WAREHOUSE_ID.test(id))
      throw new UserInputError('warehouseIds must be warehouse ids', 'warehouseIds');
  return [...new Set(ids as string[])].sort();
}
