import { makeOperation, mapExchange, type Exchange, type Operation } from '@urql/core';

/**
 * The hash codegen embeds in each generated document (`persistedDocuments: embedHashInDocument`),
 * without its prefix.
 */
export function documentHash(query: unknown): string | undefined {
  const hash = (query as { __meta__?: { hash?: unknown } } | null)?.__meta__?.hash;
  return typeof hash === 'string' ? hash.replace(/^sha256:/, '') : undefined;
}

export interface PersistedExchangeOptions {
  /**
   * Also send the document (`miss: true`), so a gateway without the current manifest still runs
   * it: development builds. Production builds send only the hash.
   */
  sendDocument: boolean;
}

/**
 * Adds `extensions.persistedQuery` to a query or mutation that carries a codegen hash; other
 * operations pass unchanged.
 */
export function withPersistedQuery(operation: Operation, options: PersistedExchangeOptions): Operation {
  if (operation.kind !== 'query' && operation.kind !== 'mutation') return operation;
  const sha256Hash = documentHash(operation.query);
  if (!sha256Hash) return operation;
  const persistedQuery = { version: 1 as const, sha256Hash, ...(options.sendDocument ? { miss: true } : {}) };
  const extensions = { ...operation.extensions, persistedQuery };
  return makeOperation(operation.kind, { ...operation, extensions }, operation.context);
}

/**
 * Sends queries and mutations as trusted documents: the hash codegen registered at build time
 * (`extensions.persistedQuery.sha256Hash`), which the gateway resolves from the app's manifest.
 * Subscriptions keep their document (graphql-ws carries it).
 */
export function persistedExchange(options: PersistedExchangeOptions): Exchange {
  return mapExchange({ onOperation: (operation) => withPersistedQuery(operation, options) });
}
