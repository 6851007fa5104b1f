import { ApolloServer } from '@apollo/server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlHttpHandler } from './graphql-http.js';

let apollo: ApolloServer<{ who: string }>;
let server: Server;
let url: string;
beforeAll(async () => {
  apollo = new ApolloServer<{ who: string }>({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: (_p, _a, ctx: { who: string }) => `hi ${ctx.who}` } },
  });
  await apollo.start();
  server = createServer(
    graphqlHttpHandler(apollo, async (req) => ({ who: String(req.headers['x-who'] ?? 'nobody') }), 1000),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.close();
  await apollo.stop();
});

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(url, { method: 'POST', headers, body });

describe('graphqlHttpHandler', () => {
  it('answers a query with the context built from the request', async () => {
    const res = await post(JSON.stringify({ query: '{ hello }' }), {
      'content-type': 'application/json',
      'x-who': 'ann',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { hello: 'hi ann' } });
  });

  it('refuses an oversized body (413), malformed JSON (400) and what Apollo refuses (not JSON, CSRF)', async () => {
    const big = await post(JSON.stringify({ query: `{ hello } #${'x'.repeat(2000)}` }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const bad = await post('{ "query": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    const text = await post('{ hello }', { 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
  });
});
