import { SignJWT } from 'jose';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRedis, type TestRedis } from '@dnp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bootPlatform,
  DEMO_PASSWORD,
  postGraphql,
  ROOT,
  type GqlResponse,
  type TestPlatform,
} from './support/platform.js';

/**
 * The gateway's defences against a real platform: operation limits, body size, batching, error
 * details, per-subgraph viewer tokens, partner keys with rate limits, trusted documents and the
 * login lockout. Gateway 1 runs with the defaults (production mode); gateway 2 enforces trusted
 * documents and shows error details. Both keep their rate-limit counters in one Redis.
 */
let t: TestPlatform;
let redis: TestRedis;
let main: string;
let strict: string;
let hqToken: string;

const ME = '{ me { id } }';

/** POSTs any body and returns status, headers and the parsed JSON. */
async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Omit<GqlResponse, 'status'> };
}
const codes = (r: { errors?: GqlResponse['errors'] }) => (r.errors ?? []).map((e) => e.extensions?.code);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A normal query still answers right after a refusal. */
async function stillServes(): Promise<void> {
  const ok = await t.gql<{ me: { id: string } }>(ME, {}, hqToken, main);
  expect(ok.status).toBe(200);
  expect(ok.data?.me.id).toBe('usr_hq_admin');
}

beforeAll(async () => {
  redis = await startRedis({ logDir: join(ROOT, 'test-results', 'logs') });
  t = await bootPlatform('sqlite', {
    gateways: 2,
    gatewayEnv: { REDIS_URL: redis.url, LOGIN_MAX_FAILURES: '3' },
    perGatewayEnv: [
      { PARTNER_KEY_CACHE_SECONDS: '1' },
      { TRUSTED_DOCUMENTS: 'enforce', HIDE_ERROR_DETAILS: 'false', PARTNER_KEY_CACHE_SECONDS: '1' },
    ],
  });
  main = t.platform.gateways[0]!.url;
  strict = t.platform.gateways[1]!.url;
  hqToken = await t.login('hq_admin');
}, 240_000);
afterAll(async () => {
  await t?.stop();
  await redis?.stop();
});

describe('operation limits', () => {
  it('refuse a too deep, wide, costly or long query, or too many aliases, directives, tokens, by code', async () => {
    const cases: [string, string][] = [
      [`{ ${'regions { children { '.repeat(9)} id ${'} '.repeat(18)}}`, 'QUERY_TOO_DEEP'],
      [`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, 'TOO_MANY_ALIASES'],
      [`{ me { ${Array.from({ length: 21 }, () => 'id @include(if: true)').join(' ')} } }`, 'TOO_MANY_DIRECTIVES'],
      [
        '{ dealers(first: 100) { edges { node { id name parent { id name children { id name code children { ' +
          'id name code children { id name code children { id name } } } } } } } } }',
        'QUERY_TOO_COSTLY',
      ],
      [`{ me { ${'id '.repeat(1600)}} }`, 'TOO_MANY_TOKENS'],
      [`${ME} ${'#'.repeat(16_000)}`, 'QUERY_TOO_LONG'],
    ];
    for (const [query, code] of cases) {
      const res = await t.gql(query, {}, hqToken, main);
      expect({ code, status: res.status, codes: codes(res) }).toEqual({
        code,
        status: 400,
        codes: expect.arrayContaining([code]),
      });
      expect(res.data).toBeUndefined();
      await stillServes();
    }
  });

  it('refuse an oversized body (413) and a batch, with codes', async () => {
    const dealerToken = await t.login('nj_admin');
    const big = await post(main, { query: ME, variables: { pad: 'x'.repeat(200_000) } }, bearer(dealerToken));
    expect(big.status).toBe(413);
    expect(codes(big.body)).toEqual(['REQUEST_TOO_LARGE']);
    // HQ and finance clerks upload bank files: MAX_FINANCE_BODY_SIZE (4 MB), and no more.
    const upload = await post(main, { query: ME, variables: { pad: 'x'.repeat(200_000) } }, bearer(hqToken));
    expect(upload.status).not.toBe(413);
    const tooBig = await post(main, { query: ME, variables: { pad: 'x'.repeat(4_300_000) } }, bearer(hqToken));
    expect(codes(tooBig.body)).toEqual(['REQUEST_TOO_LARGE']);
    await stillServes();
    const batch = await post(main, [{ query: ME }, { query: ME }], bearer(hqToken));
    expect(batch.status).toBe(400);
    expect(codes(batch.body)).toEqual(['BATCHING_NOT_SUPPORTED']);
    const notJson = await post(main, '{"query": ', bearer(hqToken));
    expect(codes(notJson.body)).toEqual(['BAD_REQUEST']);
    await stillServes();
  });

  it('hide field suggestions and stack traces in production, and keep introspection on', async () => {
    const res = await t.gql('{ me { usernme } }', {}, hqToken, main);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toContain('Cannot query field "usernme"');
    expect(res.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(res.errors)).not.toContain('stacktrace');
    const schema = await t.gql<{ __schema: { queryType: { name: string } } }>(
      '{ __schema { queryType { name } } }',
      {},
      undefined,
      main,
    );
    expect(schema.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('subgraphs called directly', () => {
  const sign = (audience: string) =>
    new SignJWT({ v: { userId: 'usr_hq_admin', role: 'HQ_ADMIN' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dnp-gateway')
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(new TextEncoder().encode(t.internalSecret));

  it('refuse a call without gateway claims, and one with claims signed for another subgraph', async () => {
    const orders = t.platform.subgraphs.orders.url;
    const query = '{ orders(first: 1) { totalCount } }';
    const none = await postGraphql(orders, query);
    expect(none.status).toBe(401);
    expect(codes(none)).toEqual(['GATEWAY_TOKEN_REQUIRED']);
    const foreign = await postGraphql(orders, query, {}, { 'x-dnp-viewer': await sign('dnp-subgraph:finance') });
    expect(foreign.status).toBe(401);
    expect(codes(foreign)).toEqual(['GATEWAY_TOKEN_REQUIRED']);
    expect(foreign.errors?.[0]?.message).toContain('another subgraph');
    const own = await postGraphql<{ orders: { totalCount: number } }>(
      orders,
      query,
      {},
      { 'x-dnp-viewer': await sign('dnp-subgraph:orders') },
    );
    expect(own.status).toBe(200);
    expect(own.data?.orders.totalCount).toBeGreaterThan(0);
  });
});

describe('partner API keys', () => {
  const CREATE =
    `mutation ($input: CreatePartnerKeyInput!) { createPartnerKey(input: $input) { key partnerKey { id ` +
    `keyPrefix scope rateLimitPerMinute active } } }`;
  const CATALOG = '{ products(first: 2) { totalCount } }';

  it('are created by HQ only, rate-limited (429, Retry-After), read-only, and stop working once revoked', async () => {
    const dealerToken = await t.login('nj_admin');
    const refused = await t.gql(CREATE, { input: { name: 'x', scope: 'CATALOG_READ' } }, dealerToken, main);
    expect(codes(refused)).toEqual(['FORBIDDEN']);

    const created = await t.gql<{
      createPartnerKey: { key: string; partnerKey: { id: string; keyPrefix: string; scope: string; active: boolean } };
    }>(CREATE, { input: { name: 'Acme ERP', scope: 'CATALOG_READ', rateLimitPerMinute: 5 } }, hqToken, main);
    const { key, partnerKey } = created.data!.createPartnerKey;
    expect(key.startsWith(partnerKey.keyPrefix)).toBe(true);
    expect(partnerKey).toMatchObject({ scope: 'CATALOG_READ', active: true });

    // 1: the catalogue answers, with either header form.
    const first = await postGraphql<{ products: { totalCount: number } }>(main, CATALOG, {}, { 'x-api-key': key });
    expect(first.status).toBe(200);
    expect(first.data?.products.totalCount).toBeGreaterThan(0);
    const second = await postGraphql(main, CATALOG, {}, { authorization: `ApiKey ${key}` });
    expect(second.data).toBeDefined();
    // 3: a catalogue key reads no orders.
    const orders = await postGraphql(main, '{ orders(first: 1) { totalCount } }', {}, { 'x-api-key': key });
    expect(orders.data?.orders ?? null).toBeNull();
    expect(codes(orders)).toContain('FORBIDDEN');
    // 4: partners never mutate.
    const mutate = await postGraphql(
      main,
      CREATE,
      { input: { name: 'y', scope: 'CATALOG_READ' } },
      { 'x-api-key': key },
    );
    expect(mutate.status).toBe(403);
    expect(codes(mutate)).toEqual(['FORBIDDEN']);
    // 5: the last request of the minute, at the other gateway; 6 and 7: refused at both (one count in Redis).
    expect((await postGraphql(strict, CATALOG, {}, { 'x-api-key': key })).status).toBe(200);
    const limited = await post(main, { query: CATALOG }, { 'x-api-key': key });
    expect(limited.status).toBe(429);
    expect(codes(limited.body)).toEqual(['RATE_LIMITED']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(codes(await postGraphql(strict, CATALOG, {}, { 'x-api-key': key }))).toEqual(['RATE_LIMITED']);
    await stillServes();

    const listed = await t.gql<{ partnerKeys: { edges: { node: { id: string; lastUsedAt: string | null } }[] } }>(
      '{ partnerKeys(first: 10) { edges { node { id lastUsedAt } } } }',
      {},
      hqToken,
      main,
    );
    expect(listed.data?.partnerKeys.edges.find((e) => e.node.id === partnerKey.id)?.node.lastUsedAt).toBeTruthy();

    const revoked = await t.gql<{ revokePartnerKey: { active: boolean } }>(
      'mutation ($id: ID!) { revokePartnerKey(id: $id) { active } }',
      { id: partnerKey.id },
      hqToken,
      main,
    );
    expect(revoked.data?.revokePartnerKey.active).toBe(false);
    // Revocation takes effect within PARTNER_KEY_CACHE_SECONDS (1 s here).
    await new Promise((r) => setTimeout(r, 1200));
    for (const url of [main, strict]) {
      const afterRevoke = await postGraphql(url, CATALOG, {}, { 'x-api-key': key });
      expect(afterRevoke.status).toBe(401);
      expect(codes(afterRevoke)).toEqual(['INVALID_API_KEY']);
    }
    expect(codes(await postGraphql(main, CATALOG, {}, { 'x-api-key': 'dnp_pk_unknown' }))).toEqual(['INVALID_API_KEY']);
  });
});

describe('trusted documents (enforce)', () => {
  const manifest = JSON.parse(
    readFileSync(join(ROOT, 'console-hq/src/generated/persisted-documents.json'), 'utf8'),
  ) as Record<string, string>;
  const hashOf = (start: string) =>
    Object.entries(manifest)
      .find(([, doc]) => doc.includes(start))![0]
      .replace(/^sha256:/, '');
  const persisted = (hash: string, variables: Record<string, unknown>) => ({
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
  });

  it('run registered operations by hash for first-party callers, refuse anything else; partners send any', async () => {
    const login = await post(
      strict,
      persisted(hashOf('mutation Login('), { input: { username: 'hq_admin', password: DEMO_PASSWORD } }),
    );
    expect(login.status).toBe(200);
    const token = (login.body.data as { login: { accessToken: string } }).login.accessToken;
    const keys = await post(strict, persisted(hashOf('query PartnerKeys('), { first: 5 }), bearer(token));
    expect(keys.status).toBe(200);
    expect((keys.body.data as { partnerKeys: { totalCount: number } }).partnerKeys.totalCount).toBeGreaterThanOrEqual(
      0,
    );

    const raw = await post(strict, { query: ME }, bearer(token));
    expect(raw.status).toBe(400);
    expect(codes(raw.body)).toEqual(['UNTRUSTED_OPERATION']);
    const anonymousRaw = await post(strict, { query: ME });
    expect(codes(anonymousRaw.body)).toEqual(['UNTRUSTED_OPERATION']);
    const unknown = await post(
      strict,
      { query: ME, extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } },
      bearer(token),
    );
    expect(codes(unknown.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

    const created = await t.gql<{ createPartnerKey: { key: string } }>(
      'mutation ($input: CreatePartnerKeyInput!) { createPartnerKey(input: $input) { key } }',
      { input: { name: 'Trusted test', scope: 'CATALOG_READ' } },
      hqToken,
      main,
    );
    const partner = await postGraphql<{ products: { totalCount: number } }>(
      strict,
      '{ products(first: 1) { totalCount } }',
      {},
      { 'x-api-key': created.data!.createPartnerKey.key },
    );
    expect(partner.status).toBe(200);
    expect(partner.data?.products.totalCount).toBeGreaterThan(0);
    // Details are shown on this gateway (HIDE_ERROR_DETAILS=false): field suggestions come back.
    const typo = await postGraphql(
      strict,
      '{ products(first: 1) { totalCont } }',
      {},
      { 'x-api-key': created.data!.createPartnerKey.key },
    );
    expect(typo.errors?.[0]?.message).toMatch(/Did you mean "totalCount"/);
  });
});

describe('login rate limit', () => {
  const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }';

  it('locks a login name out for a client after failures, on all gateways (429); others still log in', async () => {
    for (let i = 0; i < 3; i++) {
      const wrong = await t.gql(
        LOGIN,
        { input: { username: 'east_manager', password: 'wrong-password' } },
        undefined,
        main,
      );
      expect(codes(wrong)).toEqual(['INVALID_CREDENTIALS']);
    }
    const locked = await post(main, {
      query: LOGIN,
      variables: { input: { username: 'east_manager', password: DEMO_PASSWORD } },
    });
    expect(locked.status).toBe(429);
    expect(codes(locked.body)).toEqual(['RATE_LIMITED']);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another name from the same client still logs in; the lockout holds at every gateway sharing the Redis.
    expect(await t.login('hq_admin')).toBeTruthy();
    const loginHash = Object.entries(
      JSON.parse(readFileSync(join(ROOT, 'console-hq/src/generated/persisted-documents.json'), 'utf8')) as Record<
        string,
        string
      >,
    )
      .find(([, d]) => d.includes('mutation Login('))![0]
      .replace(/^sha256:/, '');
    const elsewhere = await post(strict, {
      variables: { input: { username: 'east_manager', password: DEMO_PASSWORD } },
      extensions: { persistedQuery: { version: 1, sha256Hash: loginHash } },
    });
    expect(elsewhere.status).toBe(429);
    expect(codes(elsewhere.body)).toEqual(['RATE_LIMITED']);
  });
});

describe('access tokens', () => {
  it('expire (TOKEN_EXPIRED) and are renewed with the refresh token, which rotates', async () => {
    const login = await t.gql<{ login: { accessToken: string; refreshToken: string; expiresAt: string } }>(
      'mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresAt } }',
      { input: { username: 'hq_admin', password: DEMO_PASSWORD } },
      undefined,
      main,
    );
    const { refreshToken, expiresAt } = login.data!.login;
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    const expired = await new SignJWT({ role: 'HQ_ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('usr_hq_admin')
      .setIssuer('dnp-dealers')
      .setAudience('dnp')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(t.authSecret));
    const refused = await t.gql(ME, {}, expired, main);
    expect(refused.status).toBe(401);
    expect(codes(refused)).toEqual(['TOKEN_EXPIRED']);
    const REFRESH = 'mutation ($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken } }';
    const renewed = await t.gql<{ refreshToken: { accessToken: string } }>(
      REFRESH,
      { r: refreshToken },
      undefined,
      main,
    );
    expect(
      (await t.gql<{ me: { id: string } }>(ME, {}, renewed.data!.refreshToken.accessToken, main)).data?.me.id,
    ).toBe('usr_hq_admin');
    expect(codes(await t.gql(REFRESH, { r: refreshToken }, undefined, main))).toEqual(['INVALID_TOKEN']);
  });
});
