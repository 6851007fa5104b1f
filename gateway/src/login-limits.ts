import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@dnp/subgraph-kit/errors';
import {
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values.js';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayContext } from './gateway-context.js';
import { isLimitReached, rateLimitedError, type RateLimiterStore } from './rate-limits.js';

/** The Mutation field that checks a password: every execution of it is one login attempt. */
export const LOGIN_FIELD = 'login';

/** The Mutation field of a (possibly anonymous) dealer application: throttled per client IP. */
export const APPLICATION_FIELD = 'submitDealerApplication';

/** The Mutation field that redeems an invitation or password-reset link (anonymous): throttled per client IP. */
export const INVITATION_FIELD = 'acceptInvitation';

export interface LoginLimits {
  /** Failed logins per login name and client IP within the window. */
  maxFailures: number;
  /** Failed logins per client IP (any name) within the window. */
  maxFailuresPerIp: number;
  windowSeconds: number;
}

/**
 * Every root `login` field a mutation executes, however it is spelled: directly, aliased, inside
 * fragment spreads and inline fragments, and regardless of `@skip`/`@include` (counted as
 * included, so a directive cannot hide an attempt). One entry per response key: fields sharing a
 * key are merged by execution (validation makes their arguments equal) and run once.
 */
export function loginFields(document: DocumentNode, operation: OperationDefinitionNode): FieldNode[] {
  return mutationFieldsNamed(LOGIN_FIELD, document, operation);
}

/** Every root mutation field called `name` an operation executes, counted as `loginFields` counts logins. */
export function mutationFieldsNamed(
  name: string,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): FieldNode[] {
  if (operation.operation !== 'mutation') return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const byKey = new Map<string, FieldNode>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (selection.name.value === name && !byKey.has(key)) byKey.set(key, selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return [...byKey.values()];
}

/** One login attempt of a request: its response key and the name + IP it counts against. */
interface Attempt {
  key: string;
  nameIp: string;
}

/** The login name an attempt tries (trimmed, lower case) from its coerced `input`; '' when unreadable. */
function usernameOf(schema: GraphQLSchema, field: FieldNode, variables: Record<string, unknown>): string {
  const def = schema.getMutationType()?.getFields()[LOGIN_FIELD];
  if (!def) return '';
  try {
    const input = getArgumentValues(def, field, variables).input as { username?: unknown } | undefined;
    return typeof input?.username === 'string' ? input.username.trim().toLowerCase() : '';
  } catch {
    return ''; // arguments that do not coerce fail the operation before any login runs
  }
}

/** Counts `items` by `keyOf`. */
function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

/**
 * Slows down password guessing at the gateway. Each `login` field an operation executes is one
 * attempt (see `loginFields`: aliases, fragments and several logins per operation all count),
 * counted per login name + client IP and per client IP. The attempts are reserved BEFORE the
 * operation runs, all or nothing: when a name or the IP has fewer attempts left than the
 * operation holds, the whole operation is refused with RATE_LIMITED (HTTP 429, Retry-After) and
 * no login of it runs; reserving first also stops parallel requests from guessing past the limit.
 * Once the response is known each attempt is settled by its response key: a failure
 * (INVALID_CREDENTIALS at that key's path) keeps its reservation; a success (data at that key)
 * clears its name + IP count and gives the IP its attempt back; an attempt that checked no
 * password (not executed, bad input) gives both back. Counters live in the rate-limit store
 * (Redis when configured), so the limit holds across gateways.
 */
export function loginRateLimitPlugin(store: RateLimiterStore, limits: LoginLimits): ApolloServerPlugin<GatewayContext> {
  const byName = store.limiter('login-name-ip', limits.maxFailures, limits.windowSeconds);
  const byIp = store.limiter('login-ip', limits.maxFailuresPerIp, limits.windowSeconds);

  /** Reserves every count or none; throws RATE_LIMITED when any is used up. */
  const reserve = async (ip: string, attempts: Attempt[]): Promise<void> => {
    type Count = [RateLimiterAbstract, string, number];
    const perName = [...countBy(attempts, (a) => a.nameIp)].map(([key, n]): Count => [byName, key, n]);
    const wanted: Count[] = [...perName, [byIp, ip, attempts.length]];
    const results = await Promise.allSettled(wanted.map(([limiter, key, n]) => limiter.consume(key, n)));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (!refused.length) return;
    // A refused reservation changes nothing: a rejected consume still added its points, so every
    // count that took points (fulfilled or over its limit) gives them back.
    const took = (r: PromiseSettledResult<unknown>) => r.status === 'fulfilled' || isLimitReached(r.reason);
    await Promise.all(wanted.map(([limiter, key, n], i) => (took(results[i]!) ? limiter.reward(key, n) : undefined)));
    const unexpected = refused.find((err) => !isLimitReached(err));
    if (unexpected) throw unexpected;
    const waitMs = Math.max(...refused.map((r) => (isLimitReached(r) ? r.msBeforeNext : 0)));
    throw rateLimitedError('Too many failed logins; try again later', waitMs);
  };

  return {
    async requestDidStart() {
      let reserved: { ip: string; attempts: Attempt[] } | null = null;
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          const fields = operation ? loginFields(document, operation) : [];
          if (!fields.length) return;
          const coerced = getVariableValues(schema, operation!.variableDefinitions ?? [], request.variables ?? {});
          const variables = coerced.coerced ?? {};
          const ip = contextValue.clientIp;
          const attempts = fields.map((f) => ({
            key: f.alias?.value ?? f.name.value,
            nameIp: `${usernameOf(schema, f, variables)}|${ip}`,
          }));
          await reserve(ip, attempts);
          reserved = { ip, attempts };
        },
        async willSendResponse({ response }) {
          if (!reserved) return;
          const { ip, attempts } = reserved;
          reserved = null;
          // Without a single result nothing can be settled: the reservations stand as failures.
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          // An INVALID_CREDENTIALS error without a path cannot be placed: it counts against every attempt.
          const denied = (errors ?? []).filter((e) => e.extensions?.code === ErrorCode.INVALID_CREDENTIALS);
          const failed = (key: string) => denied.some((e) => !e.path?.length || e.path[0] === key);
          const succeeded = (key: string) => !!(data as Record<string, unknown> | null | undefined)?.[key];
          const cleared = new Set<string>();
          const giveBack = new Map<string, number>();
          let ipBack = 0;
          for (const attempt of attempts) {
            if (failed(attempt.key)) continue;
            ipBack++;
            if (succeeded(attempt.key)) cleared.add(attempt.nameIp);
            else giveBack.set(attempt.nameIp, (giveBack.get(attempt.nameIp) ?? 0) + 1);
          }
          await Promise.all([
            ...[...cleared].map((key) => byName.delete(key)),
            // A cleared count needs nothing back (giving back to a deleted key would credit it).
            ...[...giveBack].filter(([key]) => !cleared.has(key)).map(([key, n]) => byName.reward(key, n)),
            ...(ipBack ? [byIp.reward(ip, ipBack)] : []),
          ]);
        },
      };
    },
  };
}

/**
 * Anonymous dealer applications at most `perHour` per client IP: each `submitDealerApplication` field an
 * operation executes (counted like logins: aliases and fragments included) takes one point BEFORE the
 * operation runs, all or none; when the IP has fewer left the whole operation is refused with RATE_LIMITED
 * (HTTP 429, Retry-After) and no application of it runs. Points are not given back: an application costs
 * the reviewers' time whether or not it is admitted. Counters live in the rate-limit store (Redis when set).
 */
export function applicationRateLimitPlugin(
  store: RateLimiterStore,
  limits: { perHour: number },
): ApolloServerPlugin<GatewayContext> {
  const byIp = store.limiter('application-ip', limits.perHour, 3600);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          const count = operation ? mutationFieldsNamed(APPLICATION_FIELD, document, operation).length : 0;
          if (count) await consumeAllOrNone(byIp, contextValue.clientIp, count, 'Too many applications');
        },
      };
    },
  };
}

/**
 * Takes `count` points of `ip` at once, or none: when fewer are left, gives back what the refused consume
 * added (a refusal costs nothing) and throws RATE_LIMITED (HTTP 429, Retry-After) with `what`.
 */
async function consumeAllOrNone(limiter: RateLimiterAbstract, ip: string, count: number, what: string) {
  try {
    await limiter.consume(ip, count);
  } catch (err) {
    if (!isLimitReached(err)) throw err;
    await limiter.reward(ip, count);
    throw rateLimitedError(`${what} from this address; try again later`, err.msBeforeNext);
  }
}

/**
 * Invitation links (`acceptInvitation`, anonymous) at most `perHour` failed attempts per client IP, so
 * nobody probes tokens or tries passwords in bulk from one address: each `acceptInvitation` field an
 * operation executes (counted like logins: aliases and fragments included) takes one point BEFORE the
 * operation runs, all or none; when the IP has fewer left the whole operation is refused with RATE_LIMITED
 * (HTTP 429, Retry-After) and none of it runs. Once answered, an attempt without an error at its response
 * key gives its point back (an accepted link is used up, so accepting cannot be repeated to abuse it); a
 * refused one (INVITATION_INVALID, PASSWORD_TOO_WEAK, any error) stays counted. Counters live in the
 * rate-limit store (Redis when set), so the limit holds across gateways.
 */
export function invitationRateLimitPlugin(
  store: RateLimiterStore,
  limits: { perHour: number },
): ApolloServerPlugin<GatewayContext> {
  const byIp = store.limiter('invitation-ip', limits.perHour, 3600);
  return {
    async requestDidStart() {
      let reserved: { ip: string; keys: string[] } | null = null;
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          const fields = operation ? mutationFieldsNamed(INVITATION_FIELD, document, operation) : [];
          if (!fields.length) return;
          await consumeAllOrNone(byIp, contextValue.clientIp, fields.length, 'Too many invitation attempts');
          reserved = { ip: contextValue.clientIp, keys: fields.map((f) => f.alias?.value ?? f.name.value) };
        },
        async willSendResponse({ response }) {
          if (!reserved) return;
          const { ip, keys } = reserved;
          reserved = null;
          // Without a single result nothing can be told apart: every attempt stays counted.
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          // An error without a path cannot be placed: it counts against every attempt.
          const failed = (key: string) => errors.some((e) => !e.path?.length || e.path[0] === key);
          const back = keys.filter((key) => !failed(key)).length;
          if (back) await byIp.reward(ip, back);
        },
      };
    },
  };
}
