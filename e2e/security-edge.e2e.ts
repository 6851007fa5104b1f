import { signViewerToken } from '@dnp/subgraph-kit/viewer';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, ROOT, type GqlResponse, type TestPlatform } from './support/platform.js';

/**
 * What an outside attacker probes first, against a real platform (SQLite, production mode, the
 * built apps served by the gateway): odd input (invalid dates, NUL bytes, lone surrogates, huge
 * numbers) is a coded BAD_USER_INPUT and never a 500; no error shows a subgraph's URL, SQL, the
 * database's messages or a stack; unexpected failures are masked; every response carries the
 * browser hardening headers; CORS admits only configured origins; the public schema shows no
 * service-only operation.
 */
let t: TestPlatform;
let api: string;
let origin: string;
let hqToken: string;
let dealerToken: string;
const PORTAL = 'https://portal.example.com';

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: Omit<GqlResponse, 'status'>;
}

/** POSTs a JSON body given as text (so it may hold escapes JSON.stringify would not write) and keeps the raw text. */
async function postRaw(
  url: string,
  json: string,
  token?: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: json,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as RawResponse['body'] };
}
const post = (query: string, variables: Record<string, unknown> = {}, token = hqToken) =>
  postRaw(api, JSON.stringify({ query, variables }), token);
const codes = (r: RawResponse) => (r.body.errors ?? []).map((e) => e.extensions?.code);

/** Internals no response may show: a subgraph's address, the database, SQL, a stack. */
function expectNoLeak(r: RawResponse): void {
  for (const sub of Object.values(t.platform.subgraphs)) expect(r.text).not.toContain(`127.0.0.1:${sub.port}`);
  expect(r.text).not.toMatch(/sqlite/i);
  expect(r.text).not.toMatch(/\bSQL/);
  expect(r.text).not.toMatch(/stacktrace|\n\s+at |\bat [\w.<>]+ \(/);
  expect(r.text).not.toContain('serviceName');
}

/** A coded refusal of bad input: BAD_USER_INPUT, HTTP 200 or 400 (never 500), nothing leaked, no data. */
function expectBadInput(r: RawResponse): void {
  expect({ status: r.status, codes: codes(r) }).toEqual({
    status: expect.toSatisfy((s: number) => s === 200 || s === 400),
    codes: expect.arrayContaining(['BAD_USER_INPUT']),
  });
  expect(codes(r).every((c) => c === 'BAD_USER_INPUT')).toBe(true);
  expectNoLeak(r);
}

beforeAll(async () => {
  // Both gateways serve the apps; gateway 0 lets PORTAL in, gateway 1 keeps the default (no cross-origin access).
  t = await bootPlatform('sqlite', { apps: true, perGatewayEnv: [{ CORS_ORIGINS: PORTAL }, {}] });
  api = t.platform.gateways[0]!.url;
  origin = api.replace(/\/graphql$/, '');
  hqToken = await t.login('hq_admin');
  dealerToken = await t.login('nj_admin');
}, 300_000);
afterAll(async () => {
  await t?.stop();
});

const ORDERS = 'query ($f: OrderFilter) { orders(first: 5, filter: $f) { totalCount } }';
const PRODUCTS = 'query ($f: ProductFilter) { products(first: 5, filter: $f) { totalCount } }';

describe('odd input is a coded BAD_USER_INPUT, never a 500, and leaks nothing', () => {
  it('an invalid date in an order filter (variable and literal)', async () => {
    expectBadInput(await post(ORDERS, { f: { placedFrom: 'not-a-date' } }));
    expectBadInput(await post('{ orders(first: 5, filter: { placedTo: "2026-13-45T99:00:00Z" }) { totalCount } }'));
    expectBadInput(
      await post('query ($f: AuditLogFilter) { auditLog(first: 5, filter: $f) { totalCount } }', {
        f: { from: 'yesterday' },
      }),
    );
    // A valid date still works.
    const ok = await post(ORDERS, { f: { placedFrom: '2026-01-01T00:00:00Z' } });
    expect(ok.body.errors).toBeUndefined();
  });

  it('a NUL byte in a search string (variable and literal escape)', async () => {
    expectBadInput(await post(PRODUCTS, { f: { search: 'abc\u0000def' } }, dealerToken));
    expectBadInput(
      await post('{ products(first: 5, filter: { search: "a\\u0000b" }) { totalCount } }', {}, dealerToken),
    );
    expectBadInput(
      await post('query ($f: DealerFilter) { dealers(first: 5, filter: $f) { totalCount } }', {
        f: { search: '\u0000' },
      }),
    );
    expectBadInput(await post(ORDERS, { f: { search: 'SO\u0000' } }));
    const ok = await post(PRODUCTS, { f: { search: '茶' } }, dealerToken);
    expect(ok.body.errors).toBeUndefined();
  });

  it('a lone UTF-16 surrogate in a string (variable and literal escape)', async () => {
    // JSON.stringify writes a lone surrogate as the escape \ud800, which JSON.parse turns back into one.
    expectBadInput(
      await postRaw(api, `{"query":${JSON.stringify(PRODUCTS)},"variables":{"f":{"search":"a\\ud800b"}}}`, dealerToken),
    );
    expectBadInput(
      await postRaw(api, `{"query":${JSON.stringify(PRODUCTS)},"variables":{"f":{"search":"\\udfff"}}}`, dealerToken),
    );
    // In the document itself graphql-js's lexer already refuses a lone surrogate escape (a coded 400).
    const literal = await post(
      '{ products(first: 5, filter: { search: "x\\uD800" }) { totalCount } }',
      {},
      dealerToken,
    );
    expect({ status: literal.status, codes: codes(literal) }).toEqual({ status: 400, codes: ['GRAPHQL_PARSE_FAILED'] });
    expectNoLeak(literal);
    // A proper pair (an emoji) is fine.
    const ok = await post(PRODUCTS, { f: { search: '😀' } }, dealerToken);
    expect(ok.body.errors).toBeUndefined();
  });

  it('huge numbers: beyond Int, beyond safe integers, not finite', async () => {
    expectBadInput(await post('query ($n: Int) { products(first: $n) { totalCount } }', { n: 1e12 }, dealerToken));
    // A literal too: the guard answers before the cost rule would multiply by it.
    expectBadInput(await post('{ products(first: 99999999999) { totalCount } }', {}, dealerToken));
    expectBadInput(
      await post(
        'mutation { adjustStock(input: { warehouseId: "x", productId: "y", delta: 99999999999 }) { errors { code } } }',
      ),
    );
    expectBadInput(
      await post(
        'mutation { adjustStock(input: { warehouseId: "x", productId: "y", delta: 1e400 }) { errors { code } } }',
      ),
    );
    expectBadInput(await post('{ creditAccounts(first: 5, filter: { minUtilization: 1e400 }) { totalCount } }'));
    expectBadInput(
      await postRaw(
        api,
        '{"query":"query ($n: Int) { products(first: $n) { totalCount } }","variables":{"n":1e400}}',
        dealerToken,
      ),
    );
    expectBadInput(
      await post('query ($u: Float) { creditAccounts(first: 5, filter: { minUtilization: $u }) { totalCount } }', {
        u: 1e308,
      }),
    );
    expectBadInput(
      await postRaw(
        api,
        '{"query":"query ($u: Float) { creditAccounts(first: 5, filter: { minUtilization: $u }) { totalCount ' +
          '} }","variables":{"u":1e999}}',
        hqToken,
      ),
    );
  });

  it('a forged cursor (an operator object, an invalid date) is INVALID_CURSOR, not a query', async () => {
    const cursor = (position: unknown[]) => Buffer.from(JSON.stringify(position)).toString('base64url');
    for (const [query, after] of [
      ['query ($a: String) { products(first: 5, after: $a) { totalCount } }', cursor([{ $ne: null }, { $gt: '' }])],
      ['query ($a: String) { lots(first: 5, after: $a) { totalCount } }', cursor(['not-a-date', 'lot_1'])],
      [
        'query ($a: String) { dealers(first: 5, after: $a, sort: JOINED_NEWEST) { totalCount } }',
        cursor(['2026-99-99', 'dlr_1']),
      ],
      ['query ($a: String) { partnerKeys(first: 5, after: $a) { totalCount } }', cursor(['yesterday', 'pk_1'])],
    ] as const) {
      const res = await post(query, { a: after });
      expect({ query, codes: codes(res), status: res.status }).toEqual({
        query,
        codes: ['INVALID_CURSOR'],
        status: 200,
      });
      expectNoLeak(res);
    }
  });

  it('the same guard answers a subgraph called directly (kit level), before any SQL', async () => {
    const products = t.platform.subgraphs.products.url;
    const token = await signViewerToken(t.internalSecret, 'products', {
      userId: 'usr_hq_admin',
      role: 'HQ_ADMIN',
    } as never);
    const direct = (json: string) => postRaw(products, json, undefined, { 'x-dnp-viewer': token });
    expectBadInput(await direct(JSON.stringify({ query: PRODUCTS, variables: { f: { search: 'a\u0000' } } })));
    expectBadInput(await direct(`{"query":${JSON.stringify(PRODUCTS)},"variables":{"f":{"search":"\\ud800"}}}`));
    expectBadInput(
      await direct(JSON.stringify({ query: '{ products(first: 5, filter: { search: "\\u0000" }) { totalCount } }' })),
    );
    // An object where a key field belongs would reach SQL as an operator: refused as input.
    const entities = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id sku } } }';
    const injected = await direct(
      JSON.stringify({ query: entities, variables: { r: [{ __typename: 'Product', id: { $ne: null } }] } }),
    );
    expectBadInput(injected);
    expect(injected.body.data?._entities ?? null).toBeNull();
    // An unexpected failure inside the subgraph (a representation without a key: DataLoader's
    // TypeError) is a masked INTERNAL_SERVER_ERROR in production, not the error's message.
    const odd = await direct(JSON.stringify({ query: entities, variables: { r: [{ __typename: 'Product' }] } }));
    expectNoLeak(odd);
    expect(odd.status).not.toBe(500);
    expect(odd.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['INTERNAL_SERVER_ERROR', 'Internal server error'],
    ]);
  });
});

describe('browser hardening headers and CORS', () => {
  const EXPECTED = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };

  it('every gateway response carries CSP, frame, nosniff and referrer headers', async () => {
    const responses = [
      await fetch(`${origin}/store/`),
      await fetch(`${origin}/store/catalog`),
      await fetch(`${origin}/console/`),
      await fetch(`${origin}/health`),
      await fetch(api, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ me { id } }' }),
      }),
      await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' }),
    ];
    for (const res of responses) {
      for (const [name, value] of Object.entries(EXPECTED))
        expect({ url: res.url, [name]: res.headers.get(name) }).toEqual({ url: res.url, [name]: value });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toMatch(/connect-src 'self'/);
      expect(csp).toContain("base-uri 'self'");
    }
  });

  it('the built apps have no inline script (the CSP would block it)', async () => {
    for (const app of ['storefront-dealer', 'console-hq']) {
      const html = readFileSync(join(ROOT, app, 'dist', 'index.html'), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect({ app, src: /\bsrc\s*=/.test(attrs!) }).toEqual({ app, src: true });
        expect(body!.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });

  const preflight = (from: string) =>
    fetch(api, {
      method: 'OPTIONS',
      headers: {
        origin: from,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
  const crossPost = (from: string) =>
    fetch(api, {
      method: 'POST',
      headers: { origin: from, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });

  it('CORS: the configured origin gets access; `null` and any other origin get none', async () => {
    // The default (CORS_ORIGINS empty): no origin at all, `null` included.
    const byDefault = t.platform.gateways[1]!.url;
    for (const from of ['null', PORTAL, 'https://evil.example']) {
      const pre = await fetch(byDefault, {
        method: 'OPTIONS',
        headers: { origin: from, 'access-control-request-method': 'POST' },
      });
      expect({ from, allow: pre.headers.get('access-control-allow-origin') }).toEqual({ from, allow: null });
    }
    const allowed = await preflight(PORTAL);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    const posted = await crossPost(PORTAL);
    expect(posted.headers.get('access-control-allow-origin')).toBe(PORTAL);
    // The portal may read the request id it quotes when it reports a problem.
    expect(posted.headers.get('access-control-expose-headers')).toBe('x-request-id');
    for (const from of ['null', 'https://evil.example', 'http://portal.example.com', `${PORTAL}.evil.example`]) {
      const pre = await preflight(from);
      expect({
        from,
        allow: pre.headers.get('access-control-allow-origin'),
        methods: pre.headers.get('access-control-allow-methods'),
        headers: pre.headers.get('access-control-allow-headers'),
      }).toEqual({ from, allow: null, methods: null, headers: null });
      expect({ from, allow: (await crossPost(from)).headers.get('access-control-allow-origin') }).toEqual({
        from,
        allow: null,
      });
    }
  });
});

describe('public schema hygiene', () => {
  /** Query/Mutation fields the supergraph marks @inaccessible. */
  function inaccessibleRootFields(): string[] {
    const sdl = readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
    const out: string[] = [];
    for (const root of ['Query', 'Mutation']) {
      const body = new RegExp(`\\ntype ${root}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(sdl)?.[1] ?? '';
      // A field runs from its name to the next field at two-space indentation.
      for (const m of body.matchAll(/\n {2}([a-zA-Z_]\w*)[\s\S]*?(?=\n {2}[a-zA-Z_"]|$)/g))
        if (/@inaccessible/.test(m[0])) out.push(m[1]!);
    }
    return out;
  }

  /**
   * Operations whose only grant is SERVICE (`@Authorized(Grant.SERVICE)`), from every subgraph's and the
   * kit's resolvers.
   */
  function serviceOnlyOperations(): string[] {
    const files = [
      ...readdirSync(join(ROOT, 'subgraphs')).flatMap((s) =>
        readdirSync(join(ROOT, 'subgraphs', s, 'src', 'resolvers')).map((f) =>
          join(ROOT, 'subgraphs', s, 'src', 'resolvers', f),
        ),
      ),
      ...readdirSync(join(ROOT, 'packages', 'subgraph-kit', 'src')).map((f) =>
        join(ROOT, 'packages', 'subgraph-kit', 'src', f),
      ),
    ].filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    const out: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /@Authorized\(Grant\.SERVICE\)\s*\n(?:\s*@[\s\S]*?\n)*?\s*(?:async\s+)?([a-zA-Z]\w*)\(/g,
      ))
        out.push(m[1]!);
    }
    return out;
  }

  it('introspection through the gateway shows no service-only operation', async () => {
    const hidden = inaccessibleRootFields();
    const serviceOnly = serviceOnlyOperations();
    expect(serviceOnly).toEqual(
      expect.arrayContaining([
        'reserveStock',
        'holdCredit',
        'consumePromotionBudget',
        'releasePromotionBudget',
        'auditEntries',
      ]),
    );
    // Every service-only operation is @inaccessible in the supergraph…
    expect(serviceOnly.filter((op) => !hidden.includes(op))).toEqual([]);
    // …and the public API (introspected as a partner or an app would) has none of them.
    const res = await post(
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }',
      {},
      dealerToken,
    );
    const visible = [...res.body.data.__schema.queryType.fields, ...res.body.data.__schema.mutationType.fields].map(
      (f: { name: string }) => f.name,
    );
    expect(visible.length).toBeGreaterThan(20);
    expect(visible.filter((f: string) => hidden.includes(f) || serviceOnly.includes(f))).toEqual([]);
  });
});

describe('unexpected subgraph failures are masked', () => {
  it('a stopped subgraph: the client sees a coded retryable error, never its URL', async () => {
    await t.platform.subgraphs.traceability.process.stop();
    const res = await post('{ diversionAlerts(first: 5) { totalCount } }');
    expectNoLeak(res);
    expect(res.status).not.toBe(500);
    // A transport failure is not masked as internal: it is SUBGRAPH_UNAVAILABLE, retryable (docs/order-saga.md).
    expect(codes(res)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(res.body.errors![0]!.extensions?.retryable).toBe(true);
    expect(res.body.errors![0]!.message).not.toMatch(/127\.0\.0\.1|ECONN|socket/i);
    // The request id a client can quote to the operator is in the error.
    expect(res.body.errors![0]!.extensions?.requestId).toEqual(expect.any(String));
    // A query of other subgraphs still answers.
    const ok = await post(PRODUCTS, {}, dealerToken);
    expect(ok.body.errors).toBeUndefined();
    // The gateway's /health names the subgraph that is down, not its address.
    const health = await fetch(`${origin}/health`);
    const text = await health.text();
    expect(health.status).toBe(503);
    expect(JSON.parse(text).subgraphs.traceability).toBe('unreachable');
    expect(text).not.toContain(`127.0.0.1:${t.platform.subgraphs.traceability.port}`);
  });
});
