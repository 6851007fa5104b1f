import {
  baseSubgraphConfig,
  DEV_SECRET,
  FolderBlobStore,
  parseConfig,
  Role,
  runSubgraph,
  signViewerToken,
  VIEWER_HEADER,
  type StartedSubgraph,
  type Viewer,
} from '@dnp/subgraph-kit';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_CACHE_CONTROL, documentRoute } from './document.route.js';
import { ApplicationDocument } from './entities/dealer-application.entity.js';
import { applicationDocumentUrl, ApplicationDocumentService } from './services/application-document.service.js';
import { dealersSubgraph } from './subgraph.js';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
// The demo's application (Suzhou, region reg_js under reg_east): its licence gets a stored file, the food licence none.
const APP = 'app_demo_suzhou';
const WITH_FILE = 'apd_demo_bl';
const WITHOUT_FILE = 'apd_demo_food';
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const east: Viewer = {
  ...{ userId: 'usr_east_manager', role: Role.REGION_MANAGER },
  ...{ regionId: 'reg_east', regionPath: ['reg_cn', 'reg_east'] },
};
const south: Viewer = {
  ...{ userId: 'usr_south_manager', role: Role.REGION_MANAGER },
  ...{ regionId: 'reg_south', regionPath: ['reg_cn', 'reg_south'] },
};
const clerk: Viewer = { userId: 'usr_fin_clerk', role: Role.FINANCE_CLERK };
const jsAdmin: Viewer = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: 'dlr_0002', regionId: 'reg_js' };

let dir: string;
let subgraph: StartedSubgraph;
let base: string;

/** GET of a path on dealers as `viewer` (null: the gateway's anonymous token; undefined: no token at all). */
async function get(path: string, viewer: Viewer | null | undefined) {
  const headers = viewer === undefined ? {} : { [VIEWER_HEADER]: await signViewerToken(DEV_SECRET, 'dealers', viewer) };
  return fetch(`${base}${path}`, { headers });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnp-dealers-documents-'));
  const store = new FolderBlobStore(join(dir, 'blobs'));
  await store.put('uploads/upl_demo_scan', PDF, 'application/pdf');
  subgraph = await runSubgraph(
    { ...dealersSubgraph, background: undefined, routes: documentRoute(new ApplicationDocumentService(), store) },
    parseConfig(
      baseSubgraphConfig,
      ...[{ PORT: '0', LOG_LEVEL: 'silent', DB_PATH: join(dir, 'dealers.db'), SEED_DEMO_DATA: 'true' }, 'dealers'],
    ),
    { signals: false, exit: () => {} },
  );
  await subgraph.orm.em
    .fork()
    .nativeUpdate(ApplicationDocument, { id: WITH_FILE }, { blobKey: 'uploads/upl_demo_scan', byteSize: PDF.length });
  base = subgraph.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await subgraph?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('GET /documents/applications/…', () => {
  it("gives HQ and the region's manager the stored scan, nosniff, sandboxed, never cached", async () => {
    const path = applicationDocumentUrl({ id: WITH_FILE, applicationId: APP, blobKey: 'uploads/upl_demo_scan' })!;
    expect(path).toBe(`/documents/applications/${APP}/${WITH_FILE}`);
    for (const viewer of [hq, east]) {
      const res = await get(path, viewer);
      expect(res.status, viewer.userId).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(PDF);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('cache-control')).toBe(DOCUMENT_CACHE_CONTROL);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain('sandbox');
    }
  });

  it('answers NOT_FOUND to everyone else and for unknown, mismatched or file-less documents', async () => {
    const path = `/documents/applications/${APP}/${WITH_FILE}`;
    for (const viewer of [south, clerk, jsAdmin, null]) {
      const res = await get(path, viewer);
      expect(res.status, viewer?.userId ?? 'anonymous').toBe(404);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
        'NOT_FOUND',
      );
    }
    for (const other of [
      `/documents/applications/${APP}/${WITHOUT_FILE}`,
      `/documents/applications/app_nope/${WITH_FILE}`,
      `/documents/applications/${APP}/apd_nope`,
      `/documents/applications/${APP}/APD_DEMO_BL`,
    ])
      expect((await get(other, hq)).status, other).toBe(404);
    expect(applicationDocumentUrl({ id: WITHOUT_FILE, applicationId: APP, blobKey: null })).toBeNull();
  });

  it('refuses a call without the gateway token', async () => {
    const res = await get(`/documents/applications/${APP}/${WITH_FILE}`, undefined);
    expect(res.status).toBe(401);
  });
});
