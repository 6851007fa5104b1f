import type { GatewayFeature } from '../gateway-feature.js';
import { mountUploadRoutes, UPLOAD_OWNERS } from '../upload-proxy.js';

/** The subgraphs that take uploads (each purpose's owner), once each. */
const OWNERS = [...new Set(Object.values(UPLOAD_OWNERS))];

/**
 * `POST /uploads`, `GET /media/*` and `GET /documents/*` (upload-proxy.ts), forwarded to the subgraphs
 * owning them: attached when the supergraph has at least one; a purpose whose owner is absent is refused
 * as invalid, media and documents of an absent owner are 404.
 */
export const uploadsFeature: GatewayFeature = {
  name: 'uploads',
  needs: (graph) => [
    { what: `an upload-owning subgraph (${OWNERS.join(' or ')})`, met: OWNERS.some((s) => graph.hasSubgraph(s)) },
  ],
  install(host) {
    host.mount((app) =>
      mountUploadRoutes(app, {
        urls: host.graph.urlMap(),
        maxUploadSize: host.config.MAX_UPLOAD_SIZE,
        log: host.log.child({ component: 'uploads' }),
        resolveIdentity: (req) => host.resolveIdentity(req),
        anonymousToken: async (subgraph) => (await host.viewers.resolve(undefined)).viewerToken(subgraph),
      }),
    );
  },
};
