import { fieldNeed, type GatewayFeature } from '../gateway-feature.js';
import { APPLICATION_FIELD, applicationRateLimitPlugin } from '../login-limits.js';

/** Anonymous dealer applications, at most APPLICATION_RATE_PER_HOUR per client IP (login-limits.ts). */
export const applicationThrottleFeature: GatewayFeature = {
  name: 'application-throttle',
  needs: (graph) => [fieldNeed(graph, 'Mutation', APPLICATION_FIELD)],
  install(host) {
    host.plugins.push(applicationRateLimitPlugin(host.rateLimits, { perHour: host.config.APPLICATION_RATE_PER_HOUR }));
  },
};
