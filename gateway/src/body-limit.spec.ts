import express, { type NextFunction, type Request, type Response } from 'express';
import { SignJWT } from 'jose';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from './access-token.js';
import { bodyLimit } from './body-limit.js';

const key = new TextEncoder().encode('gateway-unit-test-secret-0123456789abcdef');
const token = (role: string, signingKey = key) =>
  new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('usr_1')
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(signingKey);

let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.post('/graphql', bodyLimit({ defaultLimit: '1kb', financeLimit: '8kb', secret: key }), (req, res) => {
    res.json({ size: JSON.stringify(req.body).length });
  });
  app.use((err: { type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err.type === 'entity.too.large' ? 413 : 500).json({ type: err.type });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

async function post(bytes: number, authorization?: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ pad: 'x'.repeat(bytes) }) });
  return res.status;
}

describe('the body limit by caller', () => {
  it('lets HQ and finance clerk tokens send the finance size, and no more', async () => {
    for (const role of ['HQ_ADMIN', 'FINANCE_CLERK']) {
      expect(await post(4_000, `Bearer ${await token(role)}`)).toBe(200);
      expect(await post(9_000, `Bearer ${await token(role)}`)).toBe(413);
    }
  });

  it('keeps everyone else, and any token that does not verify, at the default size', async () => {
    expect(await post(500)).toBe(200);
    expect(await post(4_000)).toBe(413);
    for (const role of ['DEALER_ADMIN', 'REGION_MANAGER', 'WAREHOUSE_OPERATOR', 'PARTNER']) {
      expect(await post(4_000, `Bearer ${await token(role)}`)).toBe(413);
    }
    const forged = await token('HQ_ADMIN', new TextEncoder().encode('another-secret-0123456789abcdef-xyz'));
    expect(await post(4_000, `Bearer ${forged}`)).toBe(413);
    expect(await post(4_000, 'Basic abc')).toBe(413);
  });
});
