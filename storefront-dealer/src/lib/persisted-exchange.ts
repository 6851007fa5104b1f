import { makeOperation, mapExchange, type Exchange } from '@urql/core';

/** The hash codegen embeds in each generated document (`persistedDocuments: embedHashInDocument`). */
function hashOf(query: unknown): string | undefined {
  const hash = (query as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  return typeof hash === 'string' ? hash.replace(/^sha256:/, '') : undefined;
}

/**
 * Sends queries and mutations as trusted documents: the hash codegen registered at build time
 * (`extensions.persistedQuery.sha256Hash`), which the gateway resolves from the app's manifest.
 * Production builds send only the hash; development builds also send the document (`miss`), so a
 * gateway without the current manifest still runs them. Subscriptions keep their document
 * (graphql-ws carries it).
 */
export const persistedExchange: Exchange = mapExchange({
  onOperation(operation) {
    if (operation.kind !== 'query' && operation.kind !== 'mutation') return operation;
    const sha256Hash = hashOf(operation.query);
    if (!sha256Hash) return operation;
    const persistedQuery = { version: 1 as const, sha256Hash, ...(import.meta.env.PROD ? {} : { miss: true }) };
    return makeOperation(operation.kind, { ...operation, extensions: { ...operation.extensions, persistedQuery } }, operation.context);
  },
});
