import type { Viewer } from '@dnp/subgraph-kit/viewer';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values.js';
import { CloseCode, type Context, type SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { SubscriptionError, type SubscriptionEngine } from './subscription-engine.js';
import type { SubscriptionFieldSpec } from './subscription-fields.js';
import { buildResolveQuery } from './subscription-query.js';

/**
 * Validates one operation against the API schema; returns the errors (empty when valid). The
 * gateway passes the same rule set its HTTP path uses, so a subscription meets the same limits.
 */
export type OperationValidator = (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];

/** graphql-js's specified rules plus any extra ones (e.g. graphql-armor's depth and cost limits). */
export function validatorWithRules(extra: readonly ValidationRule[] = []): OperationValidator {
  const rules = [...specifiedRules, ...extra];
  return (schema, document) => validate(schema, document, rules);
}

/** The caller behind a connection, as HTTP would see it. */
export interface ConnectionIdentity {
  viewer: Viewer | null;
  /** When the access token expires (epoch ms). */
  accessExpMs: number;
  /** Registers the connection's close to be called when its session ends; returns the unregister. */
  watch?: (close: (code: number, reason: string) => void) => () => void;
  /** True once the connection's session is known to have ended (checked before each event). */
  revoked?: () => boolean;
}

export interface SubscriptionServerOptions {
  server: Server;
  path: string;
  engine: SubscriptionEngine;
  /** The API schema (undefined until the gateway has loaded the supergraph). */
  schema: () => GraphQLSchema | undefined;
  /** Verifies an Authorization header exactly as HTTP does; throws a GraphQLError with a code when refused. */
  authenticate: (authorization: string | undefined) => Promise<ConnectionIdentity>;
  validate: OperationValidator;
  /**
   * Checks what needs the variables (the operation's cost, with page sizes from variables and
   * defaults); returns the refusal or null. Runs at subscribe time, before the engine sees it.
   */
  checkOperation?: (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | undefined,
  ) => GraphQLError | null;
  fields: readonly SubscriptionFieldSpec[];
  maxSubscriptionsPerConnection: number;
  log: Logger;
  production: boolean;
}

interface ConnectionState {
  identity?: ConnectionIdentity & { viewer: Viewer };
  [key: PropertyKey]: unknown;
}

function refuse(code: string, message: string): GraphQLError[] {
  return [new SubscriptionError(code, message)];
}

/** The Authorization value from connection params, accepting either spelling of the key. */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** A connection's graphql-ws context: the ws socket and request, and what onConnect stored. */
type WsContext = Context<Record<string, unknown>, Extra & Partial<ConnectionState>>;

/** A subscription operation that passed every check before its arguments are read. */
interface CheckedSubscription {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  root: FieldNode;
  spec: SubscriptionFieldSpec;
  fieldDef: GraphQLField<unknown, unknown>;
  variables: Record<string, unknown>;
}

/**
 * Serves graphql-ws (the `graphql-transport-ws` protocol) on the gateway's HTTP server at
 * `path`. A connection must present `connectionParams.authorization: "Bearer <access token>"`;
 * a missing, invalid or expired token closes it with 4401 and a reason starting with the error
 * code. Each subscription is parsed and validated against the API schema with the HTTP rule
 * set, passes `checkOperation` (the cost, with its variables), must select one served
 * Subscription field, and is then handed to the engine. Only subscriptions are served here:
 * queries and mutations (a `login` among them) are refused with SUBSCRIPTIONS_ONLY.
 */
export function attachSubscriptionServer(opts: SubscriptionServerOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: opts.server, path: opts.path, maxPayload: 256 * 1024 });
  const served = new Map(opts.fields.map((f) => [f.field, f]));
  const disposable = useServer<Record<string, unknown>, ConnectionState>(
    {
      isProd: opts.production,
      onConnect: (ctx) => authenticateConnection(opts, ctx),
      onSubscribe: (ctx, id, payload) => startSubscription(opts, served, ctx, id, payload),
      subscribe(args) {
        const { request } = args.contextValue as { request: Parameters<SubscriptionEngine['subscribe']>[0] };
        // graphql-ws only needs next/return (it ends the iterator when the client completes).
        return opts.engine.subscribe(request) as unknown as AsyncGenerator<ExecutionResult>;
      },
      // The engine's messages are already in wire form (formatted errors, extensions).
      onNext: (_ctx, _id, _payload, _args, result) => result as never,
    },
    wss,
  );
  return {
    async close() {
      await disposable.dispose();
    },
  };
}

/**
 * Accepts a connection whose Authorization verifies to a viewer and stores its identity; closes it
 * with 4401 and the error code otherwise. A revoked session later closes the connection too.
 */
async function authenticateConnection(opts: SubscriptionServerOptions, ctx: WsContext): Promise<boolean> {
  const socket = ctx.extra.socket;
  try {
    const identity = await opts.authenticate(authorizationOf(ctx.connectionParams));
    if (!identity.viewer) {
      socket.close(
        CloseCode.Unauthorized,
        'UNAUTHENTICATED: connectionParams.authorization must be "Bearer <access token>"',
      );
      return false;
    }
    ctx.extra.identity = { ...identity, viewer: identity.viewer };
    // A logout or a disabled user ends the connection (4401 SESSION_REVOKED) within seconds.
    const unwatch = identity.watch?.((code, reason) => socket.close(code, reason));
    if (unwatch) socket.once('close', unwatch);
    return true;
  } catch (err) {
    const code = err instanceof GraphQLError ? String(err.extensions.code ?? 'INVALID_TOKEN') : 'INVALID_TOKEN';
    socket.close(CloseCode.Unauthorized, `${code}: ${(err as Error).message}`.slice(0, 120));
    return false;
  }
}

/**
 * graphql-ws's onSubscribe: the refusals, or the execution arguments whose context carries the
 * engine's request (the field, its arguments, the re-read plan and the connection's identity).
 */
function startSubscription(
  opts: SubscriptionServerOptions,
  served: ReadonlyMap<string, SubscriptionFieldSpec>,
  ctx: WsContext,
  id: string,
  payload: SubscribePayload,
): ExecutionArgs | readonly GraphQLError[] {
  const identity = ctx.extra.identity!;
  if (Object.keys(ctx.subscriptions).length > opts.maxSubscriptionsPerConnection) {
    return refuse(
      'TOO_MANY_SUBSCRIPTIONS',
      `At most ${opts.maxSubscriptionsPerConnection} subscriptions per connection`,
    );
  }
  const schema = opts.schema();
  if (!schema) return refuse('GATEWAY_NOT_READY', 'The gateway has not loaded the supergraph yet; retry shortly');
  const checked = checkSubscription(opts, served, schema, payload);
  if ('errors' in checked) return checked.errors;
  const { document, operation, root, spec, fieldDef, variables } = checked;
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(fieldDef, root, variables);
  } catch (err) {
    return [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
  }
  const badArgs = spec.refuseArgs?.(args);
  if (badArgs) return refuse('BAD_USER_INPUT', badArgs);
  const queries = schema.getQueryType()?.getFields() ?? {};
  const byIdQuery = spec.byIdQueryOf ? spec.byIdQueryOf(args) : spec.byIdQuery;
  if (!byIdQuery || !queries[byIdQuery])
    return refuse('BAD_USER_INPUT', `${spec.field}: nothing to read these arguments`);
  const byIds = spec.byIdsQuery && queries[spec.byIdsQuery] ? spec.byIdsQuery : undefined;
  const plan = buildResolveQuery(document, operation, root, byIdQuery, variables, byIds);
  const socket = ctx.extra.socket;
  opts.log.debug({ id, field: spec.field, user: identity.viewer.userId }, 'subscription started');
  return {
    schema,
    document,
    operationName: payload.operationName,
    variableValues: payload.variables,
    contextValue: {
      request: {
        spec,
        args,
        plan,
        viewer: identity.viewer,
        accessExpMs: identity.accessExpMs,
        revoked: identity.revoked,
        after: typeof args.after === 'string' && args.after ? args.after : undefined,
        closeConnection: (code: number, reason: string) => socket.close(code, reason),
      },
    },
  };
}

/**
 * Parses and validates one subscription with the HTTP rule set, requires exactly one served
 * Subscription field at its root, coerces its variables and applies `checkOperation` (the cost).
 */
function checkSubscription(
  opts: SubscriptionServerOptions,
  served: ReadonlyMap<string, SubscriptionFieldSpec>,
  schema: GraphQLSchema,
  payload: SubscribePayload,
): CheckedSubscription | { errors: readonly GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: 5000 });
  } catch (err) {
    return { errors: [err instanceof GraphQLError ? err : new GraphQLError(String(err))] };
  }
  const errors = opts.validate(schema, document);
  if (errors.length) return { errors: [...errors] };
  const operation = getOperationAST(document, payload.operationName);
  if (!operation)
    return {
      errors: refuse('GRAPHQL_VALIDATION_FAILED', 'Unable to identify the operation; name it with operationName'),
    };
  if (operation.operation !== 'subscription')
    return {
      errors: refuse(
        'SUBSCRIPTIONS_ONLY',
        'Only subscriptions are served over WebSocket; send queries and mutations with HTTP POST',
      ),
    };
  const root = operation.selectionSet.selections[0];
  if (operation.selectionSet.selections.length !== 1 || root?.kind !== Kind.FIELD) {
    return {
      errors: refuse(
        'GRAPHQL_VALIDATION_FAILED',
        'A subscription selects exactly one Subscription field directly (no fragments at the root)',
      ),
    };
  }
  const spec = served.get(root.name.value);
  const fieldDef = schema.getSubscriptionType()?.getFields()[root.name.value];
  if (!spec || !fieldDef)
    return {
      errors: refuse('SUBSCRIPTION_NOT_SERVED', `The gateway does not serve the subscription "${root.name.value}"`),
    };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
  if (coerced.errors) return { errors: [...coerced.errors] };
  const refusal = opts.checkOperation?.(schema, document, operation, payload.variables ?? undefined);
  if (refusal) return { errors: [refusal] };
  return { document, operation, root, spec, fieldDef, variables: coerced.coerced };
}
