import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, type TestPlatform } from './support/platform.js';

// Network administration §18 step 5 (P6): credit-limit changes with a second approver (双人复核) through the
// gateway, with Redis. The threshold is the default ¥100,000. A second HQ admin is copied from hq_admin in SQL
// (same password). On SQLite: a MariaDB platform does not boot within the harness's 120 s on the shared machine
// (the MariaDB concurrency of approvals is finance's credit-limit-change-concurrency spec).

const REQUEST = /* GraphQL */ `
  mutation ($i: CreditLimitChangeInput!) {
    requestCreditLimitChange(input: $i) {
      change {
        id
        status
        needsSecondApproval
        requestedByName
        decidedByName
      }
      account {
        limit {
          amount
        }
      }
      errors {
        code
      }
    }
  }
`;
const APPROVE = /* GraphQL */ `
  mutation ($i: ApproveCreditLimitChangeInput!) {
    approveCreditLimitChange(input: $i) {
      change {
        id
        status
        decidedByName
      }
      errors {
        code
      }
    }
  }
`;
const ACCOUNT = /* GraphQL */ `
  query ($id: ID!) {
    creditAccount(id: $id) {
      limit {
        amount
      }
      used {
        amount
      }
      held {
        amount
      }
      balance {
        amount
      }
      available {
        amount
      }
      pendingChange {
        id
      }
      limitChanges(first: 5) {
        edges {
          node {
            id
            status
            needsSecondApproval
            requestedByName
            decidedByName
            fromLimit {
              amount
            }
            toLimit {
              amount
            }
          }
        }
      }
    }
  }
`;

/** Minor units of a decimal amount string ("1234.50" → 123450). */
const minor = (amount: string) => Math.round(Number(amount) * 100);
const yuan = (minorUnits: number) => (minorUnits / 100).toFixed(2);

interface Account {
  id: string;
  dealerId: string;
  limitMinor: number;
}

describe('credit-limit changes with a second approver (network administration, step 5)', () => {
  let t: TestPlatform;
  const token: Record<string, string> = {};
  let accounts: Account[] = [];

  const as = (user: string) => (query: string, variables: Record<string, unknown>) =>
    t.gql(query, variables, token[user]);
  const account = async (id: string) => {
    const res = await as('hq_admin')(ACCOUNT, { id });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data.creditAccount;
  };
  /** The account as read, with available checked against its parts. */
  const figures = async (id: string) => {
    const a = await account(id);
    const [limit, used, held, balance] = [a.limit, a.used, a.held, a.balance].map((m: any) => minor(m.amount));
    expect(minor(a.available.amount)).toBe(limit! - used! - held! + balance!);
    return { ...a, limitMinor: limit! };
  };
  const request = (user: string, a: Account, increaseMinor: number) =>
    as(user)(REQUEST, {
      i: {
        dealerId: a.dealerId,
        limit: yuan(a.limitMinor + increaseMinor),
        termDays: 30,
        reason: `e2e +${increaseMinor}`,
      },
    });

  beforeAll(async () => {
    t = await bootPlatform('sqlite', { seed: true, redis: true });
    const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
    const dealers = new DatabaseSync(join(t.dataDir!, 'dealers.sqlite'));
    try {
      dealers.exec(
        "create temp table user_copy as select * from app_user where id = 'usr_hq_admin'; update user_copy set " +
          "id = 'usr_hq_admin2', username = 'hq_admin2', display_name = '总部复核员'; " +
          'insert into app_user select * from user_copy;',
      );
    } finally {
      dealers.close();
    }
    for (const user of ['hq_admin', 'hq_admin2', 'fin_clerk']) token[user] = await t.login(user);
    // Three accounts well inside their limits, so every increase applies without LIMIT_BELOW_USED.
    const res = await as('hq_admin')(
      '{ creditAccounts(first: 60, sort: DEALER) { edges { node { id utilization status dealer { id } ' +
        'limit { amount } } } } }',
      {},
    );
    accounts = res.data.creditAccounts.edges
      .map((e: any) => e.node)
      .filter((a: any) => a.utilization < 0.5 && a.status === 'ACTIVE')
      .slice(0, 3)
      .map((a: any) => ({ id: a.id, dealerId: a.dealer.id, limitMinor: minor(a.limit.amount) }));
    expect(accounts).toHaveLength(3);
  }, 600_000);
  afterAll(() => t?.stop());

  it('holds +¥200,000 for approval, refuses the clerk and the requester, applies after a second person', async () => {
    const [a, b, c] = accounts as [Account, Account, Account];
    // The clerk asks for +¥200,000 (above the ¥100,000 threshold): pending, the limit unchanged.
    const asked = await request('fin_clerk', a, 200_000_00);
    expect(asked.data.requestCreditLimitChange).toMatchObject({
      change: { status: 'PENDING_APPROVAL', needsSecondApproval: true, requestedByName: '总部财务专员' },
      account: { limit: { amount: yuan(a.limitMinor) } },
      errors: [],
    });
    const clerkChange = asked.data.requestCreditLimitChange.change.id as string;
    expect((await figures(a.id)).pendingChange).toEqual({ id: clerkChange });
    // The clerk may request but never approve (the grant).
    const clerkApproves = await as('fin_clerk')(APPROVE, { i: { id: clerkChange, decision: 'APPROVE' } });
    expect(clerkApproves.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // hq_admin asks for +¥300,000 for another dealer and may not approve it itself.
    const own = await request('hq_admin', b, 300_000_00);
    expect(own.data.requestCreditLimitChange.change.status).toBe('PENDING_APPROVAL');
    const ownChange = own.data.requestCreditLimitChange.change.id as string;
    const selfApproval = await as('hq_admin')(APPROVE, { i: { id: ownChange, decision: 'APPROVE' } });
    expect(selfApproval.data.approveCreditLimitChange).toMatchObject({
      change: null,
      errors: [{ code: 'APPROVER_IS_REQUESTER' }],
    });
    expect((await figures(b.id)).limitMinor).toBe(b.limitMinor);

    // hq_admin approves the clerk's request, the second HQ admin hq_admin's.
    const approveA = await as('hq_admin')(APPROVE, { i: { id: clerkChange, decision: 'APPROVE', comment: 'ok' } });
    expect(approveA.data.approveCreditLimitChange).toMatchObject({
      change: { status: 'APPLIED', decidedByName: '总部管理员' },
      errors: [],
    });
    const approveB = await as('hq_admin2')(APPROVE, { i: { id: ownChange, decision: 'APPROVE' } });
    expect(approveB.data.approveCreditLimitChange).toMatchObject({
      change: { status: 'APPLIED', decidedByName: '总部复核员' },
      errors: [],
    });
    const [afterA, afterB] = [await figures(a.id), await figures(b.id)];
    expect([afterA.limitMinor, afterB.limitMinor]).toEqual([a.limitMinor + 200_000_00, b.limitMinor + 300_000_00]);
    expect(afterA.pendingChange).toBeNull();
    // The history shows who asked and who approved.
    expect(afterA.limitChanges.edges[0].node).toMatchObject({
      id: clerkChange,
      status: 'APPLIED',
      needsSecondApproval: true,
      requestedByName: '总部财务专员',
      decidedByName: '总部管理员',
      fromLimit: { amount: yuan(a.limitMinor) },
      toLimit: { amount: yuan(a.limitMinor + 200_000_00) },
    });
    expect(afterB.limitChanges.edges[0].node).toMatchObject({
      id: ownChange,
      requestedByName: '总部管理员',
      decidedByName: '总部复核员',
    });

    // +¥50,000 is under the threshold: applied at once, no approver.
    const small = await request('fin_clerk', c, 50_000_00);
    expect(small.data.requestCreditLimitChange).toMatchObject({
      change: { status: 'APPLIED', needsSecondApproval: false, decidedByName: null },
      account: { limit: { amount: yuan(c.limitMinor + 50_000_00) } },
      errors: [],
    });
    expect((await figures(c.id)).limitChanges.edges[0].node.id).toBe(small.data.requestCreditLimitChange.change.id);
  }, 120_000);
});
