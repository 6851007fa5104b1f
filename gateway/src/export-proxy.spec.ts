import {
  DEV_SECRET,
  ExportJobRecord,
  ExportRunner,
  exportRoute,
  FolderBlobStore,
  Role,
  runSubgraph,
  type ExportRegistry,
  type StartedSubgraph,
} from '@dnp/subgraph-kit';
import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';
import compression from 'compression';
import express from 'express';
import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, printSchema } from 'graphql';
import { SignJWT } from 'jose';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from './access-token.js';
import { mountExportRoute } from './export-proxy.js';
import { ViewerTokenCache } from './viewer-cache.js';

const AUTH_SECRET = 'gateway-export-test-secret-0123456789abcdef';
const log = pino({ level: 'silent' });

/** A report of `size` rows of 60 characters: big enough that compression would kick in. */
const registry: ExportRegistry = {
  owner: 'inventory',
  grants: [Role.HQ_ADMIN],
  createLoaders: () => ({}),
  pagers: [
    {
      name: 'lines',
      columns: [{ header: 'line', value: (n: number) => `line ${n} `.padEnd(60, 'x') }],
      parse: async (_ctx, raw) => raw,
      count: async () => 200,
      page: async (_ctx, _f, offset, limit) =>
        Array.from({ length: Math.max(0, Math.min(200, offset + limit) - offset) }, (_, i) => offset + i),
    },
  ],
};

let dir: string;
let store: FolderBlobStore;
let subgraph: StartedSubgraph;
let gateway: Server;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnp-gateway-exports-'));
  store = new FolderBlobStore(join(dir, 'blobs'));
  const query = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } });
  const schema = new GraphQLSchema({ query });
  subgraph = await runSubgraph(
    {
      name: 'inventory',
      entities: [],
      migrations: { sqlite: [], mysql: [] },
      createLoaders: () => ({}),
      buildSchema: async () => ({ schema, sdl: printSchema(schema) }),
      routes: exportRoute(registry, { store, runner: false }),
    },
    parseConfig(baseSubgraphConfig, { PORT: '0', LOG_LEVEL: 'silent' }, 'inventory'),
    { signals: false, exit: () => {} },
  );
  const viewers = new ViewerTokenCache(new TextEncoder().encode(AUTH_SECRET), DEV_SECRET);
  const app = express();
  // As in server.ts: compression for everything, which the export route must not get.
  app.use(compression({ threshold: 1024 }));
  mountExportRoute(app, {
    // finance is down: the route asks inventory first and never needs it for inventory's files.
    urls: { inventory: subgraph.url, finance: 'http://127.0.0.1:9/graphql' },
    log,
    resolveIdentity: (req) => viewers.resolve(req.headers.authorization),
  });
  gateway = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => gateway?.close(ok));
  await subgraph?.close();
  await rm(dir, { recursive: true, force: true });
});

const accessToken = (sub: string, role: string) =>
  new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(AUTH_SECRET));

async function get(id: string, token?: string) {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip' };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${base}/exports/${id}`, { headers });
}

const code = async (res: Response) =>
  `${res.status} ${((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code}`;

describe('GET /exports/:id at the gateway', () => {
  it("streams the requester's finished file uncompressed and refuses everyone else", async () => {
    // Queued as startReportExport would (its audit table is the subgraph's own, absent here).
    const job = { id: 'exp_01test', owner: 'inventory', report: 'lines', filters: '{}', format: 'CSV' };
    await subgraph.orm.em.fork().insert(ExportJobRecord, {
      ...job,
      ...{ status: 'QUEUED', rowsDone: 0, rowsTotal: null, blobKey: null, error: null, leaseUntil: null },
      ...{ requestedBy: 'usr_hq', viewer: JSON.stringify({ userId: 'usr_hq', role: Role.HQ_ADMIN }) },
      ...{ createdAt: new Date(), finishedAt: null },
    });
    const hq = await accessToken('usr_hq', 'HQ_ADMIN');
    expect(await code(await get(job.id, hq))).toBe('409 EXPORT_NOT_READY');
    await new ExportRunner(subgraph.orm, log, registry, store).run();
    const ok = await get(job.id, hq);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-encoding')).toBeNull();
    expect(ok.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(ok.headers.get('content-disposition')).toBe(`attachment; filename="lines-${job.id}.csv"`);
    expect(ok.headers.get('cache-control')).toBe('private, no-store, no-transform');
    const bytes = Buffer.from(await ok.arrayBuffer());
    // The BOM is passed through as the subgraph wrote it (Excel needs it for the Chinese headers).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect([lines.length, lines[0], lines[200]]).toEqual([201, 'line', 'line 199 '.padEnd(60, 'x')]);
    const other = await accessToken('usr_other', 'HQ_ADMIN');
    expect(await code(await get(job.id, other))).toBe('404 EXPORT_UNKNOWN');
    expect(await code(await get(job.id))).toBe('401 UNAUTHENTICATED');
    expect(await code(await get(job.id, 'not-a-token'))).toBe('401 INVALID_TOKEN');
    expect(await code(await get('not-an-export', hq))).toBe('404 EXPORT_UNKNOWN');
    expect(await code(await get('exp_unknown', hq))).toBe('404 EXPORT_UNKNOWN');
    expect(await subgraph.orm.em.fork().count(ExportJobRecord)).toBe(1);
  });
});
