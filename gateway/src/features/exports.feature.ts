import type { GatewayFeature } from '../gateway-feature.js';
import { EXPORT_OWNERS, mountExportRoute } from '../export-proxy.js';

/**
 * `GET /exports/:id` (export-proxy.ts), streamed from the subgraph that ran the export: attached when
 * the supergraph has at least one of the subgraphs that run exports (absent ones are not asked).
 */
export const exportsFeature: GatewayFeature = {
  name: 'exports',
  needs: (graph) => [
    {
      what: `an export-running subgraph (${EXPORT_OWNERS.join(' or ')})`,
      met: EXPORT_OWNERS.some((s) => graph.hasSubgraph(s)),
    },
  ],
  install(host) {
    host.mount((app) =>
      mountExportRoute(app, {
        urls: host.graph.urlMap(),
        log: host.log.child({ component: 'exports' }),
        resolveIdentity: (req) => host.resolveIdentity(req),
      }),
    );
  },
};
