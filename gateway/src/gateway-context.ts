import type { Viewer } from '@dnp/subgraph-kit/viewer';

/** Per-request context of the gateway. */
export interface GatewayContext {
  viewer: Viewer | null;
  requestId: string;
  /** Signs (once, lazily) the viewer token forwarded to subgraphs for this request. */
  viewerToken: () => Promise<string>;
}
