import type { TypedDocumentNode } from '@urql/core';
import { parse } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAuthClient,
  isExpiredTokenError,
  isRevokedClose,
  operationName,
  websocketUrl,
  type RefreshData,
} from './auth-client';
import { createSessionStore, type Session, type SessionStorageLike } from './session-store';

type User = { id: string };
const REFRESH = parse(
  'mutation RefreshToken($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { ' +
    'accessToken refreshToken expiresAt user { id } } }',
) as TypedDocumentNode<RefreshData<User>, { refreshToken: string }>;
const ME = parse('query Me { me { id } }');
const LOGIN = parse('mutation Login { login { accessToken } }');
const later = () => new Date(Date.now() + 3_600_000).toISOString();

/**
 * A scripted GraphQL endpoint on a free 127.0.0.1 port: it records each request's operation and
 * authorization header and answers from `answer`, which a test sets (the client code under test
 * is the real urql pipeline, over real HTTP).
 */
let server: Server;
let url: string;
let seen: { operation: string; authorization: string | undefined; variables: Record<string, unknown> }[] = [];
let answer: (operation: string, authorization: string | undefined) => { status?: number; body: unknown };
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw) as { operationName?: string; query: string; variables?: Record<string, unknown> };
      const operation = body.operationName ?? /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '';
      seen.push({ operation, authorization: req.headers.authorization, variables: body.variables ?? {} });
      const { status = 200, body: out } = answer(operation, req.headers.authorization);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

function memoryStorage(): SessionStorageLike {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}
function setup(session: Session<User> | null) {
  const sessions = createSessionStore<User>({ storageKey: 'k', storage: memoryStorage(), events: null });
  if (session) sessions.save(session);
  const kit = createAuthClient({
    sessions,
    refreshDocument: REFRESH,
    anonymousOperations: ['Login', 'RefreshToken'],
    sendDocuments: true,
    graphqlPath: url,
  });
  let ended = 0;
  kit.onSessionEnded(() => ended++);
  return { sessions, kit, ended: () => ended };
}
const error = (code: string) => ({ errors: [{ message: code, extensions: { code } }] });
const pair = (n: number) => ({ accessToken: `a${n}`, refreshToken: `r${n}`, expiresAt: later(), user: { id: 'u1' } });

describe('auth client', () => {
  it('sends the access token on operations but not on login', async () => {
    answer = () => ({ body: { data: { me: { id: 'u1' }, login: { accessToken: 'x' } } } });
    const { kit } = setup({ ...pair(1), user: { id: 'u1' } });
    await kit.client.value.query(ME, {}).toPromise();
    await kit.client.value.mutation(LOGIN, {}).toPromise();
    expect(seen.map((s) => [s.operation, s.authorization])).toEqual([
      ['Me', 'Bearer a1'],
      ['Login', undefined],
    ]);
  });

  it('refreshes on TOKEN_EXPIRED, keeps the rotated pair and retries with the new token', async () => {
    answer = (op, auth) => {
      if (op === 'RefreshToken') return { body: { data: { refreshToken: pair(2) } } };
      return auth === 'Bearer a2'
        ? { body: { data: { me: { id: 'u1' } } } }
        : { status: 401, body: error('TOKEN_EXPIRED') };
    };
    const { kit, sessions, ended } = setup(pair(1));
    const result = await kit.client.value.query(ME, {}).toPromise();
    expect(result.data).toEqual({ me: { id: 'u1' } });
    expect(seen.map((s) => s.operation)).toEqual(['Me', 'RefreshToken', 'Me']);
    expect(seen[1]!.variables).toEqual({ refreshToken: 'r1' });
    expect(seen[1]!.authorization).toBeUndefined();
    expect(sessions.session.value?.refreshToken).toBe('r2');
    expect(ended()).toBe(0);
  });

  it('refreshes before sending when the token is about to expire', async () => {
    answer = (op) => ({ body: { data: op === 'RefreshToken' ? { refreshToken: pair(3) } : { me: { id: 'u1' } } } });
    const { kit } = setup({ ...pair(1), expiresAt: new Date(Date.now() + 5_000).toISOString() });
    await kit.client.value.query(ME, {}).toPromise();
    expect(seen.map((s) => [s.operation, s.authorization])).toEqual([
      ['RefreshToken', undefined],
      ['Me', 'Bearer a3'],
    ]);
  });

  it('ends the session once when the refresh is refused', async () => {
    answer = (op) =>
      op === 'RefreshToken'
        ? { body: { data: { refreshToken: null }, ...error('INVALID_REFRESH_TOKEN') } }
        : { status: 401, body: error('TOKEN_EXPIRED') };
    const { kit, sessions, ended } = setup(pair(1));
    await kit.client.value.query(ME, {}).toPromise();
    expect(sessions.session.value).toBeNull();
    expect(ended()).toBe(1);
  });

  it('ends the session on SESSION_REVOKED without trying a refresh', async () => {
    answer = () => ({ status: 401, body: error('SESSION_REVOKED') });
    const { kit, sessions, ended } = setup(pair(1));
    await kit.client.value.query(ME, {}).toPromise();
    await kit.client.value.query(ME, {}, { requestPolicy: 'network-only' }).toPromise();
    expect(seen.map((s) => s.operation)).toEqual(['Me', 'Me']);
    expect(sessions.session.value).toBeNull();
    expect(ended()).toBe(1);
  });

  it('reset gives a new client, so the next user sees nothing cached', () => {
    const { kit } = setup(null);
    const before = kit.client.value;
    kit.reset();
    expect(kit.client.value).not.toBe(before);
  });
});

describe('auth client helpers', () => {
  it('names operations, reads revoked socket closes and builds the socket URL', () => {
    expect(operationName({ query: ME })).toBe('Me');
    expect(operationName({ query: parse('{ me { id } }') })).toBeUndefined();
    expect(isRevokedClose({ code: 4401, reason: 'SESSION_REVOKED: signed out elsewhere' })).toBe(true);
    expect(isRevokedClose({ code: 1000, reason: 'Normal Closure' })).toBe(false);
    expect(isRevokedClose(undefined)).toBe(false);
    expect(websocketUrl('/graphql', 'https://shop.example/store/cart')).toBe('wss://shop.example/graphql');
    expect(websocketUrl('/graphql', 'http://127.0.0.1:4000/console/')).toBe('ws://127.0.0.1:4000/graphql');
  });

  it('treats a bare 401 as an expired token but not a 401 that explains itself otherwise', () => {
    const e = (status: number, codes: string[]) =>
      ({ graphQLErrors: codes.map((code) => ({ extensions: { code } })), response: { status } }) as never;
    expect(isExpiredTokenError(e(401, []))).toBe(true);
    expect(isExpiredTokenError(e(200, ['INVALID_TOKEN']))).toBe(true);
    expect(isExpiredTokenError(e(401, ['FORBIDDEN']))).toBe(false);
    expect(isExpiredTokenError(e(200, []))).toBe(false);
  });
});
