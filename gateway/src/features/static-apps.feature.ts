import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config.js';
import type { GatewayFeature } from '../gateway-feature.js';

/**
 * The built apps (STATIC_APPS `mount=folder`), client-side routes falling back to each app's shell.
 * Needs nothing of the graph, only the configuration; mounted after `/graphql` and the health routes so
 * an app at `/` never shadows them.
 */
export function staticAppsFeature(staticApps: GatewayConfig['staticApps']): GatewayFeature {
  return {
    name: 'static-apps',
    needs: () => [{ what: 'STATIC_APPS', met: Object.keys(staticApps).length > 0 }],
    install(host) {
      host.mount((app) => mountStaticApps(app, staticApps, host.log));
    },
  };
}

/** Serves each built app (mount → folder); unbuilt ones are skipped with a warning. */
function mountStaticApps(app: Express, staticApps: GatewayConfig['staticApps'], log: Logger): void {
  for (const [mount, folder] of Object.entries(staticApps)) {
    const dir = resolve(folder);
    if (!existsSync(join(dir, 'index.html'))) {
      log.warn({ mount, dir }, 'static app not built; skipping');
      continue;
    }
    app.use(mount, express.static(dir, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes fall back to the app shell.
    app.get(`${mount === '/' ? '' : mount}/*splat`, (_req, res) => res.sendFile(join(dir, 'index.html')));
  }
}
