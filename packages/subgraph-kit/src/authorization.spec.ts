import { describe, expect, it } from 'vitest';
import { Grant, Grants, holdsGrant } from './authorization.js';
import { auditJson } from './audit.js';
import { Role } from './viewer.js';

describe('holdsGrant', () => {
  it('matches roles, and partners only through the scope their key holds', () => {
    expect(holdsGrant({ userId: 'u', role: Role.DEALER_STAFF }, Grants.STAFF)).toBe(true);
    expect(holdsGrant({ userId: 'u', role: Role.DEALER_STAFF }, Grants.MANAGERS)).toBe(false);
    expect(holdsGrant({ userId: 'k', role: Role.PARTNER, scopes: ['CATALOG_READ'] }, Grants.CATALOG_READERS)).toBe(
      true,
    );
    expect(holdsGrant({ userId: 'k', role: Role.PARTNER, scopes: ['CATALOG_READ'] }, Grants.DEALER_READERS)).toBe(
      false,
    );
    expect(holdsGrant({ userId: 'k', role: Role.PARTNER, scopes: ['DEALER_READ'] }, Grants.DEALER_READERS)).toBe(true);
    expect(holdsGrant({ userId: 'k', role: Role.PARTNER, scopes: ['DEALER_READ'] }, [Grant.PARTNER])).toBe(false);
  });

  it('admits warehouse operators and finance clerks only to their own groups (clerks: credit, rebates)', () => {
    const operator = { userId: 'usr_wh', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_hq'] };
    const clerk = { userId: 'usr_fin', role: Role.FINANCE_CLERK };
    for (const [name, grants] of Object.entries(Grants)) {
      expect(holdsGrant(operator, grants), `operator in ${name}`).toBe(name === 'WAREHOUSE');
      expect(holdsGrant(clerk, grants), `clerk in ${name}`).toBe(
        ['FINANCE', 'CREDIT_REQUESTERS', 'REBATE_ADMINS'].includes(name),
      );
    }
    // Every other role keeps exactly what it had: neither new group admits a dealer, manager or partner.
    for (const role of [Role.REGION_MANAGER, Role.DEALER_ADMIN, Role.DEALER_STAFF])
      for (const grants of [Grants.WAREHOUSE, Grants.FINANCE])
        expect(holdsGrant({ userId: 'u', role }, grants)).toBe(false);
    for (const grants of [Grants.WAREHOUSE, Grants.FINANCE]) {
      expect(holdsGrant({ userId: 'h', role: Role.HQ_ADMIN }, grants)).toBe(true);
      expect(holdsGrant({ userId: 'orders', role: Role.SERVICE }, grants)).toBe(true);
      expect(holdsGrant({ userId: 'k', role: Role.PARTNER, scopes: ['DEALER_READ'] }, grants)).toBe(false);
    }
  });

  it('lets anonymous callers through ANYONE only', () => {
    expect(holdsGrant(null, [Grant.ANYONE])).toBe(true);
    expect(holdsGrant(null, Grants.CATALOG_READERS)).toBe(false);
  });
});

describe('auditJson', () => {
  it('redacts secrets at any depth and keeps the rest', () => {
    const json = auditJson({
      username: 'nj',
      passwordHash: 'x',
      nested: { refreshToken: 'y', apiKey: 'z', at: new Date(0) },
    });
    expect(JSON.parse(json!)).toEqual({
      username: 'nj',
      passwordHash: '[REDACTED]',
      nested: { refreshToken: '[REDACTED]', apiKey: '[REDACTED]', at: '1970-01-01T00:00:00.000Z' },
    });
    expect(auditJson(undefined)).toBeNull();
  });
});

describe('assertEveryOperationAuthorized', () => {
  it('names the root operations that lack @Authorized, and accepts decorated ones', async () => {
    const { Authorized, Query, Resolver } = await import('type-graphql');
    const { assertEveryOperationAuthorized } = await import('./authorization.js');
    @Resolver()
    class OpenResolver {
      @Query(() => String, { description: 'Forgot its grant.' })
      open(): string {
        return 'x';
      }
    }
    @Resolver()
    class ClosedResolver {
      @Authorized(Grant.HQ_ADMIN)
      @Query(() => String, { description: 'Declares its grant.' })
      closed(): string {
        return 'x';
      }
    }
    expect(() => assertEveryOperationAuthorized([OpenResolver])).toThrow(/OpenResolver\.open/);
    expect(() => assertEveryOperationAuthorized([ClosedResolver])).not.toThrow();
  });
});
