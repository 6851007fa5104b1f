import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeyFrom } from './partner-keys.js';
import {
  PERSISTED_QUERY_NOT_FOUND,
  TrustedDocuments,
  UNTRUSTED_OPERATION,
  type GraphQLParams,
} from './trusted-documents.js';

const HASH = 'ab'.repeat(32);
const dir = mkdtempSync(join(tmpdir(), 'dnp-trusted-'));
const manifest = join(dir, 'persisted-documents.json');
writeFileSync(manifest, JSON.stringify({ [`sha256:${HASH}`]: 'query Me { me { id } }' }));
const persisted = (sha256Hash: string, query?: string): GraphQLParams => ({
  query,
  extensions: { persistedQuery: { version: 1, sha256Hash }, other: 1 },
});

describe('trusted documents', () => {
  it('resolve a registered hash to its document and hand Apollo a plain request', () => {
    const docs = TrustedDocuments.load('allow', [manifest]);
    expect(docs.size).toBe(1);
    const params = persisted(`sha256:${HASH}`, 'query Evil { dealers { totalCount } }');
    expect(docs.apply(params, true)).toBeNull();
    expect(params).toEqual({ query: 'query Me { me { id } }', extensions: { other: 1 } });
  });

  it('in allow mode run any document, and refuse only an unknown hash without one', () => {
    const docs = TrustedDocuments.load('allow', [manifest]);
    expect(docs.apply({ query: '{ me { id } }' }, true)).toBeNull();
    expect(docs.apply(persisted('cd'.repeat(32), '{ me { id } }'), true)).toBeNull();
    expect(docs.apply(persisted('cd'.repeat(32)), true)?.extensions.code).toBe(PERSISTED_QUERY_NOT_FOUND);
  });

  it('in enforce mode hold first-party callers to registered operations, but not partners', () => {
    const docs = TrustedDocuments.load('enforce', [manifest]);
    expect(docs.apply({ query: '{ me { id } }' }, true)?.extensions.code).toBe(UNTRUSTED_OPERATION);
    expect(docs.apply(persisted('cd'.repeat(32), '{ me { id } }'), true)?.extensions.code).toBe(
      PERSISTED_QUERY_NOT_FOUND,
    );
    expect(docs.apply(persisted(HASH), true)).toBeNull();
    expect(docs.apply({ query: '{ products { totalCount } }' }, false)).toBeNull();
  });

  it('refuse to start on a missing manifest, and load none when off', () => {
    expect(() => TrustedDocuments.load('enforce', [join(dir, 'nope.json')])).toThrow(/cannot read the manifest/);
    expect(TrustedDocuments.load('off', [join(dir, 'nope.json')]).size).toBe(0);
  });
});

describe('API key header', () => {
  it('is read from x-api-key or Authorization: ApiKey, and not from a bearer token', () => {
    expect(apiKeyFrom({ 'x-api-key': ' dnp_pk_abc ' })).toBe('dnp_pk_abc');
    expect(apiKeyFrom({ authorization: 'ApiKey dnp_pk_abc' })).toBe('dnp_pk_abc');
    expect(apiKeyFrom({ authorization: 'Bearer x.y.z' })).toBeUndefined();
    expect(apiKeyFrom({})).toBeUndefined();
  });
});
