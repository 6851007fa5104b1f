import type { Viewer } from '@dnp/subgraph-kit/viewer';

/** Per-request context of the gateway. */
export interface GatewayContext {
  viewer: Viewer | null;
  requestId: string;
  /** The caller's IP address (as express sees it, after TRUST_PROXY). */
  clientIp: string;
  /** The viewer token for one subgraph (signed for that subgraph only, reused while fresh). */
  viewerToken: (subgraph: string) => Promise<string>;
}
