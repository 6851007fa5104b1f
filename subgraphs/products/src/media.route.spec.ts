import {
  baseSubgraphConfig,
  DEV_SECRET,
  FolderBlobStore,
  parseConfig,
  runSubgraph,
  signViewerToken,
  VIEWER_HEADER,
  type StartedSubgraph,
} from '@dnp/subgraph-kit';
import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, printSchema } from 'graphql';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_CACHE_CONTROL, mediaRoute } from './media.route.js';
import { variantKey } from './services/product-image.rule.js';

const WEBP = Buffer.from('RIFF\0\0\0\0WEBPVP8 fake variant bytes');
let dir: string;
let subgraph: StartedSubgraph;
let base: string;
let token: string;

/** GET of a path on the subgraph, with the gateway's anonymous token unless `signed` is false. */
function get(path: string, signed = true) {
  return fetch(`${base}${path}`, { headers: signed ? { [VIEWER_HEADER]: token } : {} });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnp-products-media-'));
  const store = new FolderBlobStore(dir);
  for (const width of [160, 480, 1200] as const)
    await store.put(variantKey('prd_00001', 'img_abc123', width), WEBP, 'image/webp');
  await store.put('products/prd_00001/img_abc123/999.webp', WEBP, 'image/webp');
  const query = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } });
  const schema = new GraphQLSchema({ query });
  subgraph = await runSubgraph(
    {
      name: 'products',
      entities: [],
      migrations: { sqlite: [], mysql: [] },
      createLoaders: () => ({}),
      buildSchema: async () => ({ schema, sdl: printSchema(schema) }),
      routes: mediaRoute(store),
    },
    parseConfig(baseSubgraphConfig, { PORT: '0', LOG_LEVEL: 'silent', BLOB_DIR: dir }, 'products'),
    { signals: false, exit: () => {} },
  );
  base = subgraph.url.replace(/\/graphql$/, '');
  token = await signViewerToken(DEV_SECRET, 'products', null);
});
afterAll(async () => {
  await subgraph?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('GET /media/products/…', () => {
  it('serves a variant as WebP, immutable for a year, nosniff', async () => {
    for (const width of [160, 480, 1200]) {
      const res = await get(`/media/products/prd_00001/img_abc123/${width}.webp`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('cache-control')).toBe(MEDIA_CACHE_CONTROL);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(WEBP);
    }
  });

  it('answers 404 for other widths, unknown images and odd paths, even when a file is there', async () => {
    for (const path of [
      '/media/products/prd_00001/img_abc123/999.webp',
      '/media/products/prd_00001/img_abc123/480.png',
      '/media/products/prd_00001/img_unknown/480.webp',
      '/media/products/PRD_00001/img_abc123/480.webp',
      '/media/products/prd_00001/..%2f..%2fsecret/480.webp',
      '/media/products/prd_00001/img_abc123',
      '/media/uploads/product_image/x',
    ]) {
      const res = await get(path);
      expect([path, res.status, res.headers.get('x-content-type-options')]).toEqual([path, 404, 'nosniff']);
      expect(res.headers.get('cache-control')).not.toBe(MEDIA_CACHE_CONTROL);
    }
  });

  it('answers only the gateway (its token, an anonymous one included)', async () => {
    const res = await get('/media/products/prd_00001/img_abc123/480.webp', false);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'GATEWAY_TOKEN_REQUIRED' } }] });
  });
});
