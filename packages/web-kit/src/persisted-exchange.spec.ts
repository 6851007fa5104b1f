import { createRequest, makeOperation } from '@urql/core';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { documentHash, withPersistedQuery } from './persisted-exchange';

/** A document as codegen emits it with `embedHashInDocument` (urql caches documents by text: one text per test). */
function hashed(source: string, hash?: string) {
  const doc = parse(source);
  return hash ? Object.assign(doc, { __meta__: { hash: `sha256:${hash}` } }) : doc;
}
const op = (kind: 'query' | 'mutation' | 'subscription', doc: ReturnType<typeof hashed>) =>
  makeOperation(kind, createRequest(doc, {}), { url: '/graphql', requestPolicy: 'network-only' });

describe('persisted-documents exchange', () => {
  it('reads the codegen hash without its prefix', () => {
    expect(documentHash(hashed('{ a }', 'abc'))).toBe('abc');
    expect(documentHash(hashed('{ a }'))).toBeUndefined();
  });

  it('sends only the hash in production and the hash with a miss flag in development', () => {
    const query = op('query', hashed('query Q { a }', 'abc'));
    expect(withPersistedQuery(query, { sendDocument: false }).extensions?.persistedQuery).toEqual({
      version: 1,
      sha256Hash: 'abc',
    });
    expect(withPersistedQuery(query, { sendDocument: true }).extensions?.persistedQuery).toEqual({
      version: 1,
      sha256Hash: 'abc',
      miss: true,
    });
    const mutation = op('mutation', hashed('mutation M { a }', 'def'));
    expect(withPersistedQuery(mutation, { sendDocument: false }).extensions?.persistedQuery?.sha256Hash).toBe('def');
  });

  it('leaves subscriptions and documents without a hash as they are', () => {
    const subscription = op('subscription', hashed('subscription S { a }', 'abc'));
    expect(withPersistedQuery(subscription, { sendDocument: false })).toBe(subscription);
    const plain = op('query', hashed('query Plain { b }'));
    expect(withPersistedQuery(plain, { sendDocument: false })).toBe(plain);
  });
});
