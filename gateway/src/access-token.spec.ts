import { signViewerToken, verifyViewerToken } from '@dnp/subgraph-kit/viewer';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, viewerFromAuthorization } from './access-token.js';
import { subgraphUrls } from './server.js';

const key = new TextEncoder().encode('gateway-unit-test-secret-0123456789abcdef');
const token = (claims: Record<string, unknown>, exp = '1h', sub = 'usr_1') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key);

describe('access tokens at the gateway', () => {
  it('turns a valid bearer token into a viewer, and no header into an anonymous one', async () => {
    const t = await token({
      role: 'DEALER_ADMIN',
      dealerId: 'dlr_0005',
      dealerGrade: 'B',
      regionId: 'reg_js_nj',
      regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
      name: '王伟',
    });
    expect(await viewerFromAuthorization(`Bearer ${t}`, key)).toEqual({
      userId: 'usr_1',
      role: 'DEALER_ADMIN',
      displayName: '王伟',
      dealerId: 'dlr_0005',
      dealerGrade: 'B',
      regionId: 'reg_js_nj',
      regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
    });
    expect(await viewerFromAuthorization(undefined, key)).toBeNull();
  });

  it("passes a warehouse operator's warehouses through to the viewer, strings only and at most 50", async () => {
    const t = await token(
      { role: 'WAREHOUSE_OPERATOR', name: '仓库', warehouseIds: ['wh_east', 'wh_hq'] },
      '1h',
      'usr_wh',
    );
    const viewer = await viewerFromAuthorization(`Bearer ${t}`, key);
    expect(viewer).toEqual({
      userId: 'usr_wh',
      role: 'WAREHOUSE_OPERATOR',
      displayName: '仓库',
      warehouseIds: ['wh_east', 'wh_hq'],
    });
    // The internal token each subgraph gets carries the same list.
    const internal = await signViewerToken('internal-secret-0123456789abcdef', 'inventory', viewer);
    expect((await verifyViewerToken('internal-secret-0123456789abcdef', 'inventory', internal))?.warehouseIds).toEqual([
      'wh_east',
      'wh_hq',
    ]);
    const odd = await token({ role: 'WAREHOUSE_OPERATOR', warehouseIds: ['wh_a', 7, { id: 'wh_b' }, null] });
    expect((await viewerFromAuthorization(`Bearer ${odd}`, key))?.warehouseIds).toEqual(['wh_a']);
    const many = Array.from({ length: 70 }, (_, i) => `wh_${i}`);
    const big = await token({ role: 'WAREHOUSE_OPERATOR', warehouseIds: many });
    expect((await viewerFromAuthorization(`Bearer ${big}`, key))?.warehouseIds).toEqual(many.slice(0, 50));
    const clerk = await token({ role: 'FINANCE_CLERK', warehouseIds: 'wh_hq' });
    expect((await viewerFromAuthorization(`Bearer ${clerk}`, key))?.warehouseIds).toBeUndefined();
  });

  it('refuses malformed, forged and expired tokens with 401 codes', async () => {
    await expect(viewerFromAuthorization('Basic abc', key)).rejects.toMatchObject({
      extensions: { code: 'INVALID_TOKEN', http: { status: 401 } },
    });
    const t = await token({ role: 'HQ_ADMIN' });
    await expect(
      viewerFromAuthorization(`Bearer ${t}`, new TextEncoder().encode('x'.repeat(40))),
    ).rejects.toMatchObject({ extensions: { code: 'INVALID_TOKEN' } });
    const expired = await token({ role: 'HQ_ADMIN' }, '-1s');
    await expect(viewerFromAuthorization(`Bearer ${expired}`, key)).rejects.toMatchObject({
      extensions: { code: 'TOKEN_EXPIRED' },
    });
    const roleless = await token({});
    await expect(viewerFromAuthorization(`Bearer ${roleless}`, key)).rejects.toMatchObject({
      extensions: { code: 'INVALID_TOKEN' },
    });
  });
});

describe('subgraph URLs', () => {
  const sdl = `enum join__Graph {
  PRODUCTS @join__graph(name: "products", url: "http://127.0.0.1:4001/graphql")
  ORDERS @join__graph(name: "orders", url: "http://127.0.0.1:4005/graphql")
}`;
  it('reads them from any supergraph and applies configured overrides', () => {
    expect(subgraphUrls(sdl, { orders: 'http://10.1.1.1:9000/graphql' })).toEqual({
      products: 'http://127.0.0.1:4001/graphql',
      orders: 'http://10.1.1.1:9000/graphql',
    });
  });
  it('refuses an override for a subgraph the supergraph lacks', () => {
    expect(() => subgraphUrls(sdl, { nope: 'http://x/graphql' })).toThrow(/does not contain/);
  });
});
