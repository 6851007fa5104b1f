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
