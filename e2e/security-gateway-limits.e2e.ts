import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, DEMO_PASSWORD, postGraphql, type GqlResponse, type TestPlatform } from './support/platform.js';
import { subscribe } from './support/subscriptions.js';

/**
 * Holes an outside attacker found in the gateway, closed: the login lockout counted only a
 * top-level `login` (fragments, aliases and two logins per operation slipped through), the query
 * cost ignored page sizes passed as variables or left to their default, a client's x-request-id
 * reached the subgraphs and the audit log as sent, and a request could carry an API key and a
 * user token at once. One gateway in production mode, LOGIN_MAX_FAILURES=3.
 */
let t: TestPlatform;
let gw: string;
let hqToken: string;

const MAX_FAILURES = 3;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,60}$/;

/** POSTs one operation with extra headers; returns status, response headers and body. */
async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(gw, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Omit<GqlResponse, 'status'> };
}
const codes = (r: { errors?: GqlResponse['errors'] }) => (r.errors ?? []).map((e) => e.extensions?.code);
const creds = (username: string, password = 'wrong-password') => ({ input: { username, password } });
/** Status, codes and data of an answer, to compare in one expectation. */
const outcome = (r: Awaited<ReturnType<typeof post>>) => ({
  status: r.status,
  codes: codes(r.body),
  data: r.body.data ?? null,
});
const refusedWith = (status: number, code: string) => ({ status, codes: [code], data: null });
/** The codes of a graphql-ws subscription's error (an array of GraphQL errors). */
const errorCodes = (error: unknown) => (error as GqlResponse['errors'] | null)?.map((e) => e.extensions?.code);
const PLAIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }';
const TWO = `mutation ($a: LoginInput!, $b: LoginInput!) {
  a: login(input: $a) { accessToken }
  b: login(input: $b) { accessToken }
}`;
const CREATE_KEY = 'mutation ($input: CreatePartnerKeyInput!) { createPartnerKey(input: $input) { key } }';

/** Creates a catalogue partner key as HQ and returns it. */
async function partnerKey(name: string): Promise<string> {
  const input = { name, scope: 'CATALOG_READ' };
  const created = await t.gql<{ createPartnerKey: { key: string } }>(CREATE_KEY, { input }, hqToken);
  return created.data!.createPartnerKey.key;
}

beforeAll(async () => {
  t = await bootPlatform('sqlite', { gatewayEnv: { LOGIN_MAX_FAILURES: String(MAX_FAILURES) } });
  gw = t.platform.gatewayUrl;
  hqToken = await t.login('hq_admin');
}, 240_000);
afterAll(async () => {
  await t?.stop();
});

describe('login lockout counts every spelling of login', () => {
  const spellings: [string, string][] = [
    [
      'fragment spread',
      `mutation ($input: LoginInput!) { ...L }
      fragment L on Mutation { login(input: $input) { accessToken } }`,
    ],
    ['inline fragment', 'mutation ($input: LoginInput!) { ... on Mutation { login(input: $input) { accessToken } } }'],
    ['alias', 'mutation ($input: LoginInput!) { signIn: login(input: $input) { accessToken } }'],
  ];
  const names = ['south_manager', 'js_admin', 'd00005'];

  for (const [i, [spelling, query]] of spellings.entries()) {
    it(`counts failures sent as a ${spelling}, and refuses a locked name in that spelling with 429`, async () => {
      const name = names[i]!;
      for (let n = 0; n < MAX_FAILURES; n++) {
        const wrong = await post({ query, variables: creds(name) });
        expect(codes(wrong.body)).toEqual(['INVALID_CREDENTIALS']);
      }
      // The failures above used up the name: the plain spelling with the right password is refused.
      const plain = await post({ query: PLAIN, variables: creds(name, DEMO_PASSWORD) });
      expect(outcome(plain)).toEqual(refusedWith(429, 'RATE_LIMITED'));
      // And so is this spelling, with the right password: no token comes back.
      const locked = await post({ query, variables: creds(name, DEMO_PASSWORD) });
      expect(outcome(locked)).toEqual(refusedWith(429, 'RATE_LIMITED'));
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  }

  it('counts each of two logins in one operation against its own name: a good login cannot cover a guess', async () => {
    // The caller's own account first (it succeeds), then a guess at the victim's password.
    const victim = 'd00003';
    const answers: string[] = [];
    for (let n = 0; n <= MAX_FAILURES; n++) {
      const own = creds('d00006', DEMO_PASSWORD).input;
      const pair = await post({ query: TWO, variables: { a: own, b: creds(victim).input } });
      answers.push(pair.status === 429 ? 'RATE_LIMITED' : codes(pair.body).join());
    }
    expect(answers).toEqual([...Array<string>(MAX_FAILURES).fill('INVALID_CREDENTIALS'), 'RATE_LIMITED']);
    expect((await post({ query: PLAIN, variables: creds(victim, DEMO_PASSWORD) })).status).toBe(429);
    // A pair naming a locked name and a free one is refused whole: the free name's login does not run either.
    const variables = { a: creds('hq_admin', DEMO_PASSWORD).input, b: creds(victim, DEMO_PASSWORD).input };
    const mixed = await post({ query: TWO, variables });
    expect(outcome(mixed)).toEqual(refusedWith(429, 'RATE_LIMITED'));
  });

  it('refuses an operation holding more attempts at a name than it has left, running none of them', async () => {
    const name = 'd00007';
    for (let n = 0; n < MAX_FAILURES - 1; n++) {
      expect(codes((await post({ query: PLAIN, variables: creds(name) })).body)).toEqual(['INVALID_CREDENTIALS']);
    }
    const pair = await post({ query: TWO, variables: { a: creds(name).input, b: creds(name, DEMO_PASSWORD).input } });
    expect(outcome(pair)).toEqual(refusedWith(429, 'RATE_LIMITED'));
    // The refused pair used nothing up: the one attempt left is still there.
    const last = await post({ query: PLAIN, variables: creds(name, DEMO_PASSWORD) });
    expect((last.body.data as { login?: { accessToken?: string } } | undefined)?.login?.accessToken).toBeTruthy();
  });

  it('counts concurrent failures: parallel guesses get no more than the allowed attempts', async () => {
    const name = 'd00004';
    const answers = await Promise.all(Array.from({ length: 8 }, () => post({ query: PLAIN, variables: creds(name) })));
    const byCode = answers.map((a) => codes(a.body)[0]);
    expect(byCode.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(MAX_FAILURES);
    expect(byCode.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(8 - MAX_FAILURES);
    expect((await post({ query: PLAIN, variables: creds(name, DEMO_PASSWORD) })).status).toBe(429);
  });

  it('leaves a successful login free to repeat (successes use up nothing)', async () => {
    for (let n = 0; n < MAX_FAILURES + 2; n++) expect(await t.login('east_manager')).toBeTruthy();
  });

  it('serves no login over WebSocket: the graphql-ws server refuses every operation but a subscription', async () => {
    const sub = subscribe(gw, `Bearer ${hqToken}`, PLAIN, creds('south_manager', DEMO_PASSWORD));
    try {
      await sub.connected;
      const until = Date.now() + 10_000;
      while (!sub.error && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
      expect(errorCodes(sub.error)).toEqual(['SUBSCRIPTIONS_ONLY']);
      expect(sub.messages).toEqual([]);
    } finally {
      await sub.dispose();
    }
  });
});

describe('query cost uses the coerced page sizes', () => {
  const NESTED = (page: string) =>
    `{ dealers${page} { edges { node { id orders${page} { edges { node { id orderNumber status placedAt } } } } } } }`;
  const VARIABLE = `query ($n: Int) {
    dealers(first: $n) { edges { node { id orders(first: $n) { edges { node { id } } } } } }
  }`;

  it('refuses a page size in a variable exactly like the literal, and runs the query with a small page', async () => {
    const literal = await t.gql(VARIABLE.replace('query ($n: Int) ', '').replaceAll('$n', '100'), {}, hqToken);
    expect({ status: literal.status, codes: codes(literal) }).toEqual({ status: 400, codes: ['QUERY_TOO_COSTLY'] });
    const variable = await t.gql(VARIABLE, { n: 100 }, hqToken);
    const answer = { status: variable.status, codes: codes(variable), data: variable.data ?? null };
    expect(answer).toEqual(refusedWith(400, 'QUERY_TOO_COSTLY'));
    // A variable's default in the operation counts too.
    const byDefault = await t.gql(VARIABLE.replace('$n: Int)', '$n: Int = 100)'), {}, hqToken);
    expect(codes(byDefault)).toEqual(['QUERY_TOO_COSTLY']);
    const small = await t.gql<{ dealers: { edges: unknown[] } }>(VARIABLE, { n: 2 }, hqToken);
    expect(small.status).toBe(200);
    expect(small.data?.dealers.edges.length).toBe(2);
  });

  it('counts an omitted first as the default page size (20)', async () => {
    const omitted = await t.gql(NESTED(''), {}, hqToken);
    expect({ status: omitted.status, codes: codes(omitted) }).toEqual({ status: 400, codes: ['QUERY_TOO_COSTLY'] });
    const explicit = await t.gql(NESTED('(first: 20)'), {}, hqToken);
    expect(codes(explicit)).toEqual(['QUERY_TOO_COSTLY']);
    const small = await t.gql(NESTED('(first: 3)'), {}, hqToken);
    expect({ status: small.status, codes: codes(small) }).toEqual({ status: 200, codes: [] });
  });

  it('refuses a subscription whose page size variable makes it too costly, at subscribe', async () => {
    const inner = 'orders(first: $n) { edges { node { id orderNumber } } }';
    const page = `orders(first: $n) { edges { node { id dealer { ${inner} } } } }`;
    const SUB = `subscription ($n: Int) { orderStatusChanged { id dealer { ${page} } } }`;
    const costly = subscribe(gw, `Bearer ${hqToken}`, SUB, { n: 100 });
    const literal = subscribe(gw, `Bearer ${hqToken}`, SUB.replace('($n: Int) ', '').replaceAll('$n', '100'));
    const cheap = subscribe(gw, `Bearer ${hqToken}`, SUB, { n: 1 });
    try {
      await Promise.all([costly.connected, literal.connected, cheap.connected]);
      const until = Date.now() + 10_000;
      while (!(costly.error && literal.error) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
      expect(errorCodes(costly.error)).toEqual(['QUERY_TOO_COSTLY']);
      expect(errorCodes(literal.error)).toEqual(['QUERY_TOO_COSTLY']);
      // The same subscription with a small page is accepted (subscribe-time checks answer at once).
      await new Promise((r) => setTimeout(r, 300));
      expect(cheap.error).toBeNull();
      expect(cheap.closed).toBeNull();
    } finally {
      await Promise.all([costly.dispose(), literal.dispose(), cheap.dispose()]);
    }
  });
});

describe('request ids', () => {
  const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { user { id } } }';
  const AUDIT = `query ($filter: AuditLogFilter) {
    auditLog(filter: $filter, first: 5) { edges { node { action requestId } } }
  }`;
  type AuditPage = { auditLog: { edges: { node: { action: string; requestId: string | null } }[] } };
  /** The request ids of the LOGIN audit entries of `userId` since `from`. */
  async function loginRequestIds(userId: string, from: string): Promise<string[]> {
    const res = await t.gql<AuditPage>(AUDIT, { filter: { actorId: userId, entityType: 'User', from } }, hqToken);
    expect(res.errors).toBeUndefined();
    return res.data!.auditLog.edges.filter((e) => e.node.action === 'LOGIN').map((e) => e.node.requestId ?? '');
  }

  it('echo a well-formed client id, replace any other, and store in the audit log only the id answered', async () => {
    const asHq = { authorization: `Bearer ${hqToken}` };
    const good = await post({ query: '{ me { id } }' }, { ...asHq, 'x-request-id': 'client-1.a:B_c' });
    expect(good.headers.get('x-request-id')).toBe('client-1.a:B_c');
    const none = await post({ query: '{ me { id } }' }, asHq);
    expect(none.headers.get('x-request-id')).toMatch(REQUEST_ID);

    const bad = `evil" OR 1=1 -- <script>${'x'.repeat(100)}`;
    const from = new Date(Date.now() - 1000).toISOString();
    const login = await post({ query: LOGIN, variables: creds('nj_admin', DEMO_PASSWORD) }, { 'x-request-id': bad });
    const userId = (login.body.data as { login: { user: { id: string } } }).login.user.id;
    const answered = login.headers.get('x-request-id') ?? '';
    expect(answered).toMatch(REQUEST_ID);
    expect(answered).not.toContain('evil');
    expect(await loginRequestIds(userId, from)).toEqual([answered]);
  });

  it('are sanitized by a subgraph called directly as well', async () => {
    const token = await new SignJWT({ v: null })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dnp-gateway')
      .setAudience('dnp-subgraph:dealers')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(new TextEncoder().encode(t.internalSecret));
    const from = new Date(Date.now() - 1000).toISOString();
    const headers = { 'x-dnp-viewer': token, 'x-request-id': `bad id\t${'y'.repeat(80)}` };
    const dealers = t.platform.subgraphs.dealers.url;
    const variables = creds('nj_staff', DEMO_PASSWORD);
    const direct = await postGraphql<{ login: { user: { id: string } } }>(dealers, LOGIN, variables, headers);
    expect(direct.errors).toBeUndefined();
    const [stored, ...more] = await loginRequestIds(direct.data!.login.user.id, from);
    expect(more).toEqual([]);
    expect(stored).toMatch(REQUEST_ID);
    expect(stored).not.toContain('bad');
  });
});

describe('one identity per request', () => {
  it('refuses an API key together with a bearer token (AMBIGUOUS_CREDENTIALS, 400) before anything runs', async () => {
    const key = await partnerKey('Ambiguity test');
    const CATALOG = '{ products(first: 1) { totalCount } }';
    expect((await post({ query: CATALOG }, { 'x-api-key': key })).status).toBe(200);
    for (const headers of [
      { 'x-api-key': key, authorization: `Bearer ${hqToken}` },
      { 'x-api-key': key, authorization: `ApiKey ${key}` },
      { 'x-api-key': 'dnp_pk_unknown', authorization: `Bearer ${hqToken}` },
    ]) {
      const both = await post({ query: CATALOG }, headers);
      expect(outcome(both)).toEqual(refusedWith(400, 'AMBIGUOUS_CREDENTIALS'));
    }
    // A mutation carrying both changes nothing.
    const COUNT = '{ partnerKeys(first: 1, includeRevoked: true) { totalCount } }';
    const count = async () => {
      const res = await t.gql<{ partnerKeys: { totalCount: number } }>(COUNT, {}, hqToken);
      return res.data!.partnerKeys.totalCount;
    };
    const before = await count();
    const input = { name: 'Should not exist', scope: 'CATALOG_READ' };
    const both = { 'x-api-key': key, authorization: `Bearer ${hqToken}` };
    const mutate = await post({ query: CREATE_KEY, variables: { input } }, both);
    expect(outcome(mutate)).toEqual(refusedWith(400, 'AMBIGUOUS_CREDENTIALS'));
    expect(await count()).toBe(before);
  });

  it('accepts no API key on a WebSocket connection', async () => {
    const sub = subscribe(gw, `ApiKey ${await partnerKey('WS test')}`, 'subscription { orderStatusChanged { id } }');
    try {
      await expect(sub.connected).rejects.toThrow();
      expect(sub.closed?.code).toBe(4401);
    } finally {
      await sub.dispose();
    }
  });
});
