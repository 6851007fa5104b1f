import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, type TestPlatform } from './support/platform.js';

// Uploads and media through the real gateway (design §5.3, P0): identity as for /graphql, the size
// cap, the owning subgraph's grant and sniffing, and the kit `upload` table on MariaDB.

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const LOGOUT = 'mutation Logout($t: String!) { logout(refreshToken: $t) }';
const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }';

describe('POST /uploads and GET /media through the gateway', () => {
  let t: TestPlatform;
  let base: string;

  beforeAll(async () => {
    t = await bootPlatform('mariadb', { seed: true });
    base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
  }, 240_000);
  afterAll(async () => {
    await t?.stop();
  });

  async function upload(purpose: string, body: Buffer, token?: string) {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const res = await fetch(`${base}/uploads?purpose=${purpose}`, {
      method: 'POST',
      headers,
      body: new Uint8Array(body),
    });
    const json = (await res.json()) as {
      uploadId?: string;
      contentType?: string;
      errors?: { extensions: { code: string } }[];
    };
    return { status: res.status, code: json.errors?.[0]?.extensions.code, json };
  }

  it('stores an HQ product image in products and an anonymous application document in dealers', async () => {
    const hq = await t.login('hq_admin');
    const image = await upload('PRODUCT_IMAGE', PNG, hq);
    expect([image.status, image.json.contentType, image.json.uploadId]).toEqual([
      201,
      'image/png',
      expect.stringMatching(/^upl_/),
    ]);
    const document = await upload('APPLICATION_DOCUMENT', PDF);
    expect([document.status, document.json.contentType]).toEqual([201, 'application/pdf']);
  });

  it('refuses by size, identity, grant, purpose and type', async () => {
    const dealer = await t.login('js_admin');
    const hq = await t.login('hq_admin');
    const results = [
      [await upload('APPLICATION_DOCUMENT', Buffer.alloc(6 * 1024 * 1024, 0x25)), 413, 'UPLOAD_TOO_LARGE'],
      [await upload('PRODUCT_IMAGE', PNG), 401, 'UNAUTHENTICATED'],
      [await upload('PRODUCT_IMAGE', PNG, 'garbage'), 401, 'INVALID_TOKEN'],
      [await upload('PRODUCT_IMAGE', PNG, dealer), 403, 'FORBIDDEN'],
      [await upload('NOPE', PNG, hq), 400, 'UPLOAD_PURPOSE_INVALID'],
      [await upload('PRODUCT_IMAGE', Buffer.from('<svg/>'), hq), 415, 'UPLOAD_TYPE_NOT_ALLOWED'],
    ] as const;
    expect(results.map(([r]) => `${r.status} ${r.code}`)).toEqual(results.map(([, s, c]) => `${s} ${c}`));
  });

  it('refuses the access token of a logged-out session', async () => {
    const res = await t.gql<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, {
      input: { username: 'hq_admin', password: 'Demo@2026' },
    });
    const { accessToken, refreshToken } = res.data!.login;
    expect((await upload('PRODUCT_IMAGE', PNG, accessToken)).status).toBe(201);
    await t.gql(LOGOUT, { t: refreshToken }, accessToken);
    // Revocation reaches the gateway as it does for /graphql: within a few seconds, never later.
    const end = Date.now() + 5000;
    let after = await upload('PRODUCT_IMAGE', PNG, accessToken);
    while (after.status !== 401 && Date.now() < end) {
      await new Promise((ok) => setTimeout(ok, 200));
      after = await upload('PRODUCT_IMAGE', PNG, accessToken);
    }
    expect([after.status, after.code]).toEqual([401, 'SESSION_REVOKED']);
  });

  it('answers media paths with nosniff, and 404 for what products does not serve', async () => {
    const res = await fetch(`${base}/media/products/prd_x/img_x/480.webp`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
