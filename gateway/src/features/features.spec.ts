import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { platformFeatures } from '../server.js';
import { SupergraphInfo } from '../supergraph-info.js';
import { TrustedDocuments } from '../trusted-documents.js';
import { servedSubscriptionFields } from './subscriptions.feature.js';
import { fits } from './trusted-documents.feature.js';

const REAL = SupergraphInfo.parse(
  readFileSync(fileURLToPath(new URL('../../../schema/supergraph.graphql', import.meta.url)), 'utf8'),
);

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])`;

/** A one-subgraph supergraph of the given type definitions. */
function foreign(typeDefs: string): SupergraphInfo {
  const result = composeServices([
    { name: 'shop', url: 'http://127.0.0.1:9100/graphql', typeDefs: parse(`${LINK}\n${typeDefs}`) },
  ]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return SupergraphInfo.parse(result.supergraphSdl);
}

/** A manifest of registered operations in a temporary file. */
function manifest(documents: Record<string, string>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gw-trusted-')), 'persisted-documents.json');
  writeFileSync(path, JSON.stringify(documents));
  return path;
}

/** Which features attach on `graph`, and what the skipped ones miss. */
function attach(
  graph: SupergraphInfo,
  env: Record<string, string> = {},
  documents: Record<string, string> = { 'sha256:aa': '{ me { id } }' },
) {
  const config = loadConfig(env);
  const trusted = TrustedDocuments.load(config.TRUSTED_DOCUMENTS, [manifest(documents)]);
  const attached: string[] = [];
  const skipped: Record<string, string[]> = {};
  for (const f of platformFeatures(config, trusted)) {
    const missing = f
      .needs(graph)
      .filter((n) => !n.met)
      .map((n) => n.what);
    if (missing.length) skipped[f.name] = missing;
    else attached.push(f.name);
  }
  return { attached, skipped };
}

describe('platform features', () => {
  it('all attach on the platform supergraph (the static apps once configured)', () => {
    expect(attach(REAL, { STATIC_APPS: '/store=storefront-dealer/dist' })).toEqual({
      attached: [
        'trusted-documents',
        'sessions',
        'login-throttle',
        'application-throttle',
        'invitation-throttle',
        'partner-keys',
        'uploads',
        'exports',
        'subscriptions',
        'static-apps',
      ],
      skipped: {},
    });
    // Every subscription field the gateway knows is served on its own graph.
    expect(servedSubscriptionFields(REAL).length).toBeGreaterThanOrEqual(9);
  });

  it('none attach on a foreign supergraph, each naming what it misses', () => {
    const graph = foreign(
      `type Query { product(id: ID!): Product }  type Product @key(fields: "id") { id: ID! name: String! }`,
    );
    const { attached, skipped } = attach(graph);
    expect(attached).toEqual([]);
    expect(skipped).toEqual({
      'trusted-documents': ['registered operations that fit this supergraph'],
      sessions: ['Query.sessionStatuses'],
      'login-throttle': ['Mutation.login'],
      'application-throttle': ['Mutation.submitDealerApplication'],
      'invitation-throttle': ['Mutation.acceptInvitation'],
      'partner-keys': ['Query.partnerKeyIdentity'],
      uploads: ['an upload-owning subgraph (products or dealers)'],
      exports: ['an export-running subgraph (inventory or traceability or finance or orders)'],
      subscriptions: ['a Subscription field of SUBSCRIPTION_FIELDS with its by-id query'],
      'static-apps': ['STATIC_APPS'],
    });
  });

  it('each attaches on what it needs alone, wherever the graph has it', () => {
    const graph = foreign(`
      type Query { me: User  stockLevel(id: ID!): StockLevel }
      type Mutation { login(username: String!, password: String!): String }
      type Subscription { stockChanged(productIds: [ID!]): StockLevel! }
      type User @key(fields: "id") { id: ID! }
      type StockLevel @key(fields: "id") { id: ID! onHand: Int! }`);
    const { attached } = attach(graph);
    expect(attached).toEqual(['trusted-documents', 'login-throttle', 'subscriptions']);
    // Only the rows whose field and by-id query exist are served.
    expect(servedSubscriptionFields(graph).map((f) => f.field)).toEqual(['stockChanged']);
  });

  it('registered operations: skipped when off, and in enforce mode attached even on a foreign graph', () => {
    const graph = foreign(`type Query { hello: String }`);
    expect(attach(graph, { TRUSTED_DOCUMENTS: 'off' }).skipped['trusted-documents']).toEqual([
      'TRUSTED_DOCUMENTS allow or enforce',
      'registered operations (TRUSTED_DOCUMENTS_PATHS)',
    ]);
    // Enforcing a manifest of another graph refuses operations rather than letting any through.
    expect(attach(graph, { TRUSTED_DOCUMENTS: 'enforce' }).attached).toContain('trusted-documents');
    expect(attach(graph, {}, { 'sha256:bb': 'query Hi { hello }' }).attached).toContain('trusted-documents');
  });

  it('a registered operation fits a graph only when every field it selects exists there', () => {
    const graph = foreign(`type Query { warehouses: [Warehouse!]! } type Warehouse { id: ID! name: String! }`);
    expect(fits(parse('query W { warehouses { id name } }'), graph)).toBe(true);
    // The console's warehouse list asks a root field this graph has, but fields it has not.
    expect(fits(parse('query W { warehouses { id active } }'), graph)).toBe(false);
    expect(fits(parse('query W { warehouses { ...F } } fragment F on Warehouse { name }'), graph)).toBe(true);
    expect(fits(parse('query W { warehouses { ...on Other { id } } }'), graph)).toBe(false);
    expect(fits(parse('fragment F on Warehouse { name }'), graph)).toBe(false);
    // Every operation the apps register fits the platform's own supergraph.
    const apps = TrustedDocuments.load(
      'allow',
      ['storefront-dealer', 'console-hq'].map((app) =>
        fileURLToPath(new URL(`../../../${app}/src/generated/persisted-documents.json`, import.meta.url)),
      ),
    );
    const misfits = [...apps.texts()].filter((t) => !fits(parse(t), REAL));
    expect(misfits).toEqual([]);
    expect(apps.size).toBeGreaterThan(50);
  });
});
