import { verifyViewerToken } from '@dnp/subgraph-kit/viewer';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from './access-token.js';
import { ViewerTokenCache } from './viewer-cache.js';

const authKey = new TextEncoder().encode('gateway-unit-test-secret-0123456789abcdef');
const internal = 'internal-unit-test-secret-0123456789';

describe('viewer token cache', () => {
  it('signs one token per subgraph, each accepted only by its subgraph, and reuses it across requests', async () => {
    const access = await new SignJWT({ role: 'HQ_ADMIN', name: 'HQ' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('usr_hq')
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(authKey);
    const cache = new ViewerTokenCache(authKey, internal);
    const first = await cache.resolve(`Bearer ${access}`);
    const second = await cache.resolve(`Bearer ${access}`);
    const forOrders = await first.viewerToken('orders');
    expect(await second.viewerToken('orders')).toBe(forOrders);
    const forFinance = await first.viewerToken('finance');
    expect(forFinance).not.toBe(forOrders);
    expect(await verifyViewerToken(internal, 'orders', forOrders)).toMatchObject({
      userId: 'usr_hq',
      role: 'HQ_ADMIN',
    });
    await expect(verifyViewerToken(internal, 'finance', forOrders)).rejects.toMatchObject({
      code: 'GATEWAY_TOKEN_REQUIRED',
    });
    expect(await verifyViewerToken(internal, 'finance', forFinance)).toMatchObject({ userId: 'usr_hq' });
    // Anonymous callers get a token too: it proves the call came through the gateway.
    const anonymous = await cache.resolve(undefined);
    expect(anonymous.viewer).toBeNull();
    expect(await verifyViewerToken(internal, 'products', await anonymous.viewerToken('products'))).toBeNull();
  });
});
