import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type ObjectFieldNode, type ValueNode } from 'graphql';
import type { GatewayContext } from './gateway-context.js';
import { isLimitReached, rateLimitedError, type RateLimiterStore } from './rate-limits.js';

export interface LoginLimits {
  /** Failed logins per login name and client IP within the window. */
  maxFailures: number;
  /** Failed logins per client IP (any name) within the window. */
  maxFailuresPerIp: number;
  windowSeconds: number;
}

/** The value of an argument or input field: a literal, or the variable it names. */
function valueOf(node: ValueNode | undefined, variables: Record<string, unknown> | undefined): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables?.[node.name.value];
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.OBJECT) return Object.fromEntries(node.fields.map((f: ObjectFieldNode) => [f.name.value, valueOf(f.value, variables)]));
  return undefined;
}

/**
 * Slows down password guessing at the gateway: failed `login`s (INVALID_CREDENTIALS) are counted
 * per login name + client IP and per client IP; once either count is used up, further logins are
 * refused with RATE_LIMITED (HTTP 429, Retry-After) until the window has passed. A successful
 * login clears its name + IP count. Counters live in the rate-limit store (Redis when configured).
 */
export function loginRateLimitPlugin(store: RateLimiterStore, limits: LoginLimits): ApolloServerPlugin<GatewayContext> {
  const byName = store.limiter('login-name-ip', limits.maxFailures, limits.windowSeconds);
  const byIp = store.limiter('login-ip', limits.maxFailuresPerIp, limits.windowSeconds);
  // A locked key stays locked for the whole window, however it was reached.
  const block = async (limiter: typeof byName, key: string) => {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!isLimitReached(err)) throw err;
      await limiter.block(key, limits.windowSeconds);
    }
  };
  return {
    async requestDidStart() {
      let keys: { nameIp: string; ip: string } | null = null;
      return {
        async didResolveOperation({ operation, request, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const field = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === 'login');
          if (!field || field.kind !== Kind.FIELD) return;
          const input = valueOf(field.arguments?.find((a) => a.name.value === 'input')?.value, request.variables) as { username?: unknown } | undefined;
          const username = typeof input?.username === 'string' ? input.username.trim().toLowerCase() : '';
          keys = { nameIp: `${username}|${contextValue.clientIp}`, ip: contextValue.clientIp };
          const [name, ip] = await Promise.all([byName.get(keys.nameIp), byIp.get(keys.ip)]);
          const locked = [name, ip].filter((r) => r && r.remainingPoints <= 0 && r.msBeforeNext > 0);
          if (locked.length) {
            keys = null; // a refused attempt does not extend the lockout
            throw rateLimitedError('Too many failed logins; try again later', Math.max(...locked.map((r) => r!.msBeforeNext)));
          }
        },
        async willSendResponse({ response }) {
          if (!keys || response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          if (errors?.some((e) => e.extensions?.code === 'INVALID_CREDENTIALS')) {
            await Promise.all([block(byName, keys.nameIp), block(byIp, keys.ip)]);
          } else if (data && (data as { login?: unknown }).login) {
            await byName.delete(keys.nameIp);
          }
        },
      };
    },
  };
}
