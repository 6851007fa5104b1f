import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, type TestPlatform } from './support/platform.js';

/** GB 32100 check character of 17 code characters (the e2e cannot import the subgraph's rule). */
function creditCode(first17: string): string {
  const set = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + set.indexOf(c) * weights[i]!, 0);
  return first17 + set[(31 - (sum % 31)) % 31];
}

const CHANGE_STATUS = `mutation Change($input: ChangeDealerStatusInput!) {
  changeDealerStatus(input: $input) {
    dealer { id status orderingBlock { code message } statusHistory { fromStatus toStatus reason actorName } }
    errors { code field }
  }
}`;

describe('dealer lifecycle through the gateway (status, application, admission)', () => {
  let t: TestPlatform;
  let hq: string;
  let east: string;
  let njId: string;

  beforeAll(async () => {
    t = await bootPlatform('mariadb', { seed: true });
    [hq, east] = await Promise.all([t.login('hq_admin'), t.login('east_manager')]);
    const me = await t.gql<{ me: { dealer: { id: string } } }>(
      '{ me { dealer { id } } }',
      {},
      await t.login('nj_admin'),
    );
    njId = me.data!.me.dealer.id;
  }, 600_000);
  afterAll(() => t?.stop());

  it('a manager suspends and reinstates a dealer of its region but cannot terminate it', async () => {
    const suspend = { dealerId: njId, status: 'SUSPENDED', reason: 'overdue receivables' };
    const res = await t.gql(CHANGE_STATUS, { input: suspend }, east);
    expect(res.errors).toBeUndefined();
    const dealer = res.data.changeDealerStatus.dealer;
    expect(dealer.status).toBe('SUSPENDED');
    expect(dealer.orderingBlock).toMatchObject({ code: 'DEALER_NOT_ACTIVE' });
    expect(dealer.orderingBlock.message).toContain('overdue receivables');
    expect(dealer.statusHistory[0]).toMatchObject({ fromStatus: 'ACTIVE', toStatus: 'SUSPENDED' });
    // Suspended dealers' users keep logging in (to pay and receive).
    await expect(t.login('nj_admin')).resolves.toBeTruthy();

    const end = await t.gql(CHANGE_STATUS, { input: { ...suspend, status: 'TERMINATED' } }, east);
    expect(end.data.changeDealerStatus.errors.map((e: { code: string }) => e.code)).toEqual(['FORBIDDEN']);
    const back = await t.gql(CHANGE_STATUS, { input: { ...suspend, status: 'ACTIVE', reason: 'paid' } }, east);
    expect(back.data.changeDealerStatus.dealer).toMatchObject({ status: 'ACTIVE', orderingBlock: null });
  });

  it('an anonymous application is reviewed by the region, then admitted by head office', async () => {
    const code = creditCode('91320100MA1E2E0N3');
    const submit = await t.gql(
      `mutation Submit($input: DealerApplicationInput!) {
        submitDealerApplication(input: $input) { number errors { code } }
      }`,
      {
        input: {
          companyName: '南京测试食品有限公司',
          creditCode: code,
          legalRepresentative: '李四',
          address: '江苏省南京市鼓楼区北京西路2号',
          levelApplied: 'REGIONAL_DEALER',
          regionId: 'reg_js_nj',
          contactName: '李四',
          contactPhone: '13912345678',
          businessScopes: ['FOOD'],
          wantsWarehouse: false,
          documents: [
            {
              kind: 'BUSINESS_LICENSE',
              number: code,
              issuer: '南京市市场监督管理局',
              validUntil: '2040-12-31',
              uploadId: 'upl_e2e_1',
            },
            {
              kind: 'FOOD_DISTRIBUTION_LICENSE',
              number: 'JY13201000099999',
              issuer: '南京市市场监督管理局',
              validUntil: '2030-12-31',
              uploadId: 'upl_e2e_2',
            },
          ],
        },
      },
    );
    expect(submit.data.submitDealerApplication.errors).toEqual([]);
    const number = submit.data.submitDealerApplication.number as string;

    const queue = await t.gql(
      '{ dealerApplications(first: 100, filter: { status: [SUBMITTED] }) { edges { node { id number version } } } }',
      {},
      east,
    );
    const app = queue.data.dealerApplications.edges
      .map((e: { node: { number: string } }) => e.node)
      .find((a: { number: string }) => a.number === number);
    const REVIEW = `mutation Review($input: ReviewApplicationInput!) { reviewDealerApplication(input: $input) {
      application { status version } dealer { id code status grade orderingBlock { code } } errors { code } } }`;
    const first = await t.gql(
      REVIEW,
      { input: { id: app.id, expectedVersion: app.version, decision: 'APPROVE' } },
      east,
    );
    expect(first.data.reviewDealerApplication.application).toMatchObject({ status: 'REGION_APPROVED', version: 2 });
    const admit = await t.gql(
      REVIEW,
      {
        input: {
          id: app.id,
          expectedVersion: 2,
          decision: 'APPROVE',
          grade: 'C',
          creditLimit: '50000',
          adminUsername: 'e2e_n3_admin',
        },
      },
      hq,
    );
    expect(admit.data.reviewDealerApplication.errors).toEqual([]);
    expect(admit.data.reviewDealerApplication.dealer).toMatchObject({
      status: 'ACTIVE',
      grade: 'C',
      orderingBlock: null,
    });
  });
});
