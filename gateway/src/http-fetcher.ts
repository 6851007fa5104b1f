import type { Fetcher } from '@apollo/utils.fetcher';
import { Agent, fetch } from 'undici';

/**
 * A fetcher for subgraph calls with a pooled keep-alive agent, so the gateway reuses
 * connections instead of opening one per request.
 */
export function keepAliveFetcher(connections: number): { fetcher: Fetcher; close: () => Promise<void> } {
  const agent = new Agent({ connections, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, pipelining: 1 });
  const fetcher = ((url: string, init?: Record<string, unknown>) => fetch(url, { ...(init as object), dispatcher: agent })) as unknown as Fetcher;
  return { fetcher, close: () => agent.close() };
}
