import { fieldNeed, type GatewayFeature } from '../gateway-feature.js';
import { LOGIN_FIELD, loginRateLimitPlugin } from '../login-limits.js';

/** Failed logins counted per login name and client IP, then per IP, with a lockout (login-limits.ts). */
export const loginThrottleFeature: GatewayFeature = {
  name: 'login-throttle',
  needs: (graph) => [fieldNeed(graph, 'Mutation', LOGIN_FIELD)],
  install(host) {
    const { config } = host;
    host.plugins.push(
      loginRateLimitPlugin(host.rateLimits, {
        maxFailures: config.LOGIN_MAX_FAILURES,
        maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
        windowSeconds: config.LOGIN_LOCKOUT_SECONDS,
      }),
    );
  },
};
