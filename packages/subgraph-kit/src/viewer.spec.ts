import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  copyViewer,
  Role,
  SignedViewerTokens,
  signViewerToken,
  verifyViewerToken,
  viewerTokenAudience,
} from './viewer.js';

const secret = 'unit-test-secret-0123456789';

describe('gateway viewer token', () => {
  it('carries the viewer from gateway to subgraph', async () => {
    const viewer = {
      userId: 'usr_1',
      role: Role.DEALER_ADMIN,
      dealerId: 'dlr_0001',
      regionPath: ['reg_cn', 'reg_east'],
    };
    expect(await verifyViewerToken(secret, 'orders', await signViewerToken(secret, 'orders', viewer))).toEqual(viewer);
    expect(await verifyViewerToken(secret, 'orders', await signViewerToken(secret, 'orders', null))).toBeNull();
  });

  it('refuses a missing, forged, foreign or expired token', async () => {
    await expect(verifyViewerToken(secret, 'orders', undefined)).rejects.toMatchObject({
      code: 'GATEWAY_TOKEN_REQUIRED',
    });
    const token = await signViewerToken(secret, 'orders', null);
    await expect(verifyViewerToken('another-secret-0123456789', 'orders', token)).rejects.toMatchObject({
      code: 'GATEWAY_TOKEN_REQUIRED',
    });
    const expired = await new SignJWT({ v: null })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dnp-gateway')
      .setAudience(viewerTokenAudience('orders'))
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(secret));
    await expect(verifyViewerToken(secret, 'orders', expired)).rejects.toMatchObject({
      code: 'GATEWAY_TOKEN_REQUIRED',
      message: expect.stringContaining('expired'),
    });
  });

  it('refuses a token signed for another subgraph, even after the right one verified it', async () => {
    const viewer = { userId: 'usr_1', role: Role.HQ_ADMIN };
    const forFinance = await signViewerToken(secret, 'finance', viewer);
    expect(await verifyViewerToken(secret, 'finance', forFinance)).toEqual(viewer);
    await expect(verifyViewerToken(secret, 'orders', forFinance)).rejects.toMatchObject({
      code: 'GATEWAY_TOKEN_REQUIRED',
      message: expect.stringContaining('another subgraph'),
    });
  });
});

describe('warehouse operator claims', () => {
  it('carry the warehouse ids from gateway to subgraph, a fresh array on every verified hit', async () => {
    const viewer = { userId: 'usr_wh', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_hq', 'wh_east'] };
    const token = await signViewerToken(secret, 'inventory', viewer);
    const first = await verifyViewerToken(secret, 'inventory', token);
    expect(first).toEqual(viewer);
    // A request that changes its viewer's list cannot change the next request's (the cache hands out copies).
    first!.warehouseIds!.push('wh_south');
    const again = await verifyViewerToken(secret, 'inventory', token);
    expect(again!.warehouseIds).toEqual(['wh_hq', 'wh_east']);
    again!.warehouseIds!.length = 0;
    expect((await verifyViewerToken(secret, 'inventory', token))!.warehouseIds).toEqual(['wh_hq', 'wh_east']);
  });

  it('copyViewer copies the warehouse list', () => {
    const viewer = { userId: 'usr_wh', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_hq'] };
    const copy = copyViewer(viewer)!;
    copy.warehouseIds!.push('wh_x');
    expect(viewer.warehouseIds).toEqual(['wh_hq']);
  });
});

describe('verified token cache', () => {
  it('answers a repeated token from the cache, with a copy per call, and still refuses it once expired', async () => {
    const viewer = { userId: 'usr_2', role: Role.DEALER_STAFF, dealerId: 'dlr_0002', regionPath: ['reg_cn'] };
    const token = await signViewerToken(secret, 'pricing', viewer, 2);
    const first = await verifyViewerToken(secret, 'pricing', token);
    const second = await verifyViewerToken(secret, 'pricing', token);
    expect(second).toEqual(viewer);
    expect(second).not.toBe(first);
    second!.regionPath!.push('reg_x');
    expect(await verifyViewerToken(secret, 'pricing', token)).toEqual(viewer);
    // Cached under its own secret and audience only.
    await expect(verifyViewerToken('another-secret-0123456789', 'pricing', token)).rejects.toMatchObject({
      code: 'GATEWAY_TOKEN_REQUIRED',
    });
    await expect(verifyViewerToken(secret, 'products', token)).rejects.toMatchObject({
      code: 'GATEWAY_TOKEN_REQUIRED',
    });
    await new Promise((r) => setTimeout(r, 2100));
    await expect(verifyViewerToken(secret, 'pricing', token)).rejects.toMatchObject({
      code: 'GATEWAY_TOKEN_REQUIRED',
      message: expect.stringContaining('expired'),
    });
  });
});

describe('SignedViewerTokens', () => {
  it('signs once per key and reuses the token; each verified hit is a fresh copy of the viewer', async () => {
    const viewer = { userId: 'usr_2', role: Role.DEALER_ADMIN, dealerId: 'dlr_0002', regionPath: ['reg_cn'] };
    const tokens = new SignedViewerTokens(secret, 4);
    const first = await tokens.get('orders', 'orders', viewer);
    expect(await tokens.get('orders', 'orders', viewer)).toBe(first);
    expect(await tokens.get('pricing', 'pricing', viewer)).not.toBe(first);
    const a = await verifyViewerToken(secret, 'orders', first);
    const b = await verifyViewerToken(secret, 'orders', first);
    expect(b).toEqual(viewer);
    a!.regionPath!.push('reg_changed');
    expect(b!.regionPath).toEqual(['reg_cn']);
    expect((await verifyViewerToken(secret, 'orders', first))!.regionPath).toEqual(['reg_cn']);
  });
});
