import { EventType } from '@dnp/event-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from './support/o2c.js';
import { bootPlatform, type TestPlatform } from './support/platform.js';

// Seller pricing (issue 15, P5b) on real processes: the Jiangsu agent (js_admin) prices a product
// for its grade-B sub-dealers through the gateway (its sub-dealers' regions asked of dealers as the
// service), a price below the brand's floor is refused with nothing written, and Nanjing (nj_admin,
// grade B, Jiangsu's sub-dealer) quotes from its parent at that price, never from another seller.

const JS = 'dlr_0002';
const SKU = 'JH-MLK-0001';
// prd_00001 lists at ¥60.80: the brand's grade-B price (the floor for grade B) is 86 % → ¥52.30.
const FLOOR_B = '52.30';

const SET = /* GraphQL */ `
  mutation Set($i: SubDealerPriceInput!) {
    setSubDealerPrice(input: $i) {
      entry {
        id
        unitPrice {
          amount
        }
      }
      floor {
        amount
      }
      errors {
        code
        field
      }
    }
  }
`;
const QUOTE = /* GraphQL */ `
  query Quote($i: QuoteInput!) {
    quote(input: $i) {
      lines {
        unitPrice {
          amount
        }
        priceListId
      }
      total {
        amount
      }
      appliedPromotions {
        discount {
          amount
        }
      }
    }
  }
`;

describe('seller pricing: a parent prices for its sub-dealers above the floor, a sub-dealer quotes from it', () => {
  let t: TestPlatform;
  let js: string;
  let nj: string;
  let productId: string;
  const written = () =>
    sqlRows(
      t,
      'select (select count(*) from dnp_pricing.price_list_entry), ' +
        '(select coalesce(sum(unit_price_minor), 0) from dnp_pricing.price_list_entry), ' +
        `(select count(*) from dnp_pricing.outbox_events where type = '${EventType.SUB_DEALER_PRICE_CHANGED}'), ` +
        '(select count(*) from dnp_pricing.audit_entry)',
    )[0];

  beforeAll(async () => {
    t = await bootPlatform('mariadb', { seed: true, redis: true });
    [js, nj] = await Promise.all([t.login('js_admin'), t.login('nj_admin')]);
    productId = (await t.gql(`{ product(sku: "${SKU}") { id } }`, {}, nj)).data.product.id;
  }, 300_000);
  afterAll(() => t?.stop());

  it("shows js_admin its seeded grade-B list with the brand's floor per entry", async () => {
    const res = await t.gql(
      `{ subDealerPriceList(grade: B) { code kind sellerDealerId entries(first: 1) {
           edges { node { product { id } unitPrice { amount } floors { grade floor { amount } } } } } } }`,
      {},
      js,
    );
    expect(res.errors).toBeUndefined();
    const list = res.data.subDealerPriceList;
    expect([list.code, list.kind, list.sellerDealerId]).toEqual(['SUB-D00002-B', 'SALE', JS]);
    const [first] = list.entries.edges.map((e: any) => e.node);
    expect(first).toMatchObject({ product: { id: productId }, unitPrice: { amount: '54.70' } });
    expect(first.floors).toEqual([{ grade: 'B', floor: { amount: FLOOR_B } }]);
    // Nanjing has no list of its own for its sub-dealers yet.
    expect((await t.gql('{ subDealerPriceList { id } }', {}, nj)).data.subDealerPriceList).toBeNull();
  });

  it('refuses a price below the floor with the floor, writing nothing; sets one above it', async () => {
    const before = written();
    const below = await t.gql(SET, { i: { productId, grade: 'B', unitPrice: '52.29' } }, js);
    expect(below.data.setSubDealerPrice).toMatchObject({
      entry: null,
      floor: { amount: FLOOR_B },
      errors: [{ code: 'PRICE_BELOW_FLOOR', field: 'unitPrice' }],
    });
    const staff = await t.gql(SET, { i: { productId, grade: 'B', unitPrice: '60.00' } }, await t.login('nj_staff'));
    expect(staff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(written()).toEqual(before);

    const set = await t.gql(SET, { i: { productId, grade: 'B', unitPrice: '55.00' } }, js);
    expect(set.data.setSubDealerPrice).toMatchObject({
      entry: { unitPrice: { amount: '55.00' } },
      floor: { amount: FLOOR_B },
      errors: [],
    });
    const after = written()!;
    // Same entry updated (54.70 → 55.00), one event, one audit entry.
    expect(after.map(Number)).toEqual([
      Number(before![0]),
      Number(before![1]) + 30,
      Number(before![2]) + 1,
      Number(before![3]) + 1,
    ]);
  });

  it("quotes nj_admin from its parent's list without promotions, and refuses any other seller", async () => {
    const lines = [{ productId, quantity: 2 }];
    const fromJs = await t.gql(QUOTE, { i: { lines, sellerDealerId: JS } }, nj);
    expect(fromJs.errors).toBeUndefined();
    expect(fromJs.data.quote).toMatchObject({
      lines: [{ unitPrice: { amount: '55.00' }, priceListId: 'pl_sub_js_b' }],
      total: { amount: '110.00' },
      appliedPromotions: [],
    });
    const brand = await t.gql(QUOTE, { i: { lines } }, nj);
    expect(brand.data.quote.lines[0]).toMatchObject({ unitPrice: { amount: FLOOR_B }, priceListId: 'pl_grade_b' });
    const other = await t.gql(QUOTE, { i: { lines, sellerDealerId: 'dlr_0005' } }, nj);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'SELLER_NOT_PARENT', field: 'sellerDealerId' });
    const product = await t.gql(`{ product(sku: "${SKU}") { price { amount } subDealerPrice { amount } } }`, {}, nj);
    expect(product.data.product).toEqual({ price: { amount: FLOOR_B }, subDealerPrice: { amount: '55.00' } });
  });
});
