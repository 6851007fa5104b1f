import { fieldNeed, type GatewayFeature } from '../gateway-feature.js';
import { INVITATION_FIELD, invitationRateLimitPlugin } from '../login-limits.js';

/** Failed invitation-link attempts, at most INVITATION_RATE_PER_HOUR per client IP (login-limits.ts). */
export const invitationThrottleFeature: GatewayFeature = {
  name: 'invitation-throttle',
  needs: (graph) => [fieldNeed(graph, 'Mutation', INVITATION_FIELD)],
  install(host) {
    host.plugins.push(invitationRateLimitPlugin(host.rateLimits, { perHour: host.config.INVITATION_RATE_PER_HOUR }));
  },
};
