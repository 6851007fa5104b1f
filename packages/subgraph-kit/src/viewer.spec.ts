import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { Role, signViewerToken, verifyViewerToken } from './viewer.js';

const secret = 'unit-test-secret-0123456789';

describe('gateway viewer token', () => {
  it('carries the viewer from gateway to subgraph', async () => {
    const viewer = { userId: 'usr_1', role: Role.DEALER_ADMIN, dealerId: 'dlr_0001', regionPath: ['reg_cn', 'reg_east'] };
    expect(await verifyViewerToken(secret, await signViewerToken(secret, viewer))).toEqual(viewer);
    expect(await verifyViewerToken(secret, await signViewerToken(secret, null))).toBeNull();
  });

  it('refuses a missing, forged, foreign or expired token', async () => {
    await expect(verifyViewerToken(secret, undefined)).rejects.toMatchObject({ code: 'GATEWAY_TOKEN_REQUIRED' });
    const token = await signViewerToken(secret, null);
    await expect(verifyViewerToken('another-secret-0123456789', token)).rejects.toMatchObject({ code: 'GATEWAY_TOKEN_REQUIRED' });
    const expired = await new SignJWT({ v: null })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dnp-gateway')
      .setAudience('dnp-subgraph')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(secret));
    await expect(verifyViewerToken(secret, expired)).rejects.toMatchObject({ code: 'GATEWAY_TOKEN_REQUIRED', message: expect.stringContaining('expired') });
  });
});

describe('verified token cache', () => {
  it('answers a repeated token from the cache, with a copy per call, and still refuses it once expired', async () => {
    const viewer = { userId: 'usr_2', role: Role.DEALER_STAFF, dealerId: 'dlr_0002', regionPath: ['reg_cn'] };
    const token = await signViewerToken(secret, viewer, 2);
    const first = await verifyViewerToken(secret, token);
    const second = await verifyViewerToken(secret, token);
    expect(second).toEqual(viewer);
    expect(second).not.toBe(first);
    second!.regionPath!.push('reg_x');
    expect(await verifyViewerToken(secret, token)).toEqual(viewer);
    // Cached under its own secret only.
    await expect(verifyViewerToken('another-secret-0123456789', token)).rejects.toMatchObject({ code: 'GATEWAY_TOKEN_REQUIRED' });
    await new Promise((r) => setTimeout(r, 2100));
    await expect(verifyViewerToken(secret, token)).rejects.toMatchObject({ code: 'GATEWAY_TOKEN_REQUIRED', message: expect.stringContaining('expired') });
  });
});
