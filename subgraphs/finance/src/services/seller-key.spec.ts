import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRAND_SELLER, CreditAccount } from '../entities/credit-account.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { CreditLimitChangeInput } from '../schema/credit-limit-change.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditAccountService } from './credit-account.service.js';
import { CreditLimitChangeService } from './credit-limit-change.service.js';

// The brand's books apart from a parent dealer's line to its sub-dealer (seller_key, §8.1): with
// both accounts stored for one dealer, every brand read still finds only the brand's.

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: 'dlr_0003' };
let db: TestSubgraph<FinanceLoaders>;
let brand: CreditAccount;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: true });
  brand = await db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId: 'dlr_0003' });
  // Jiangsu's own line to Nanjing: same dealer, another seller (the unique key is the pair).
  await db.orm.em.fork().insert(CreditAccount, {
    ...{ id: 'cra_js_nj', sellerKey: 'dlr_0002', dealerId: 'dlr_0003', dealerRegionPath: brand.dealerRegionPath },
    ...{ dealerPath: brand.dealerPath, currency: 'CNY', limitMinor: 123_400, usedMinor: 0, heldMinor: 0 },
    ...{ balanceMinor: 0, oldestOpenDueDate: null, utilizationPpm: 0, termDays: 15, status: brand.status },
    updatedAt: new Date(),
  });
});
afterAll(() => db.close());

describe('brandAccountScope', () => {
  it("keeps a parent's line out of the brand's account reads", async () => {
    const accounts = new CreditAccountService();
    expect(brand.sellerKey).toBe(BRAND_SELLER);
    expect((await accounts.mine(db.context(njAdmin)))?.id).toBe(brand.id);
    expect((await accounts.forDealer(db.context(hq), 'dlr_0003'))?.id).toBe(brand.id);
    const all = await db.orm.em.fork().count(CreditAccount, { sellerKey: BRAND_SELLER });
    const page = await accounts.list(db.context(hq), { first: 100, filter: { status: null } });
    expect(page.totalCount).toBe(all);
    let after: string | null = null;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const p = await accounts.list(db.context(hq), { first: 100, after });
      ids.push(...p.edges.map((e) => e.node.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(ids).not.toContain('cra_js_nj');
  });

  it("changes the brand's limit, never the parent's line, on an HQ request", async () => {
    const service = new CreditLimitChangeService();
    const input = { dealerId: 'dlr_0003', limit: '999999.00', termDays: 30, reason: 'brand' } as CreditLimitChangeInput;
    const result = await service.request(db.context(hq), input);
    expect(result.errors).toEqual([]);
    expect(result.change?.accountId).toBe(brand.id);
    const line = await db.orm.em.fork().findOneOrFail(CreditAccount, { id: 'cra_js_nj' });
    expect([line.limitMinor, line.termDays]).toEqual([123_400, 15]);
  });
});
