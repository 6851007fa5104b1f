import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ServiceClient } from '@dnp/subgraph-kit/service-client';
import compression from 'compression';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { EventFeed } from '@dnp/event-bus';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import type { Logger } from 'pino';
import { applyApolloEnvironment, type GatewayConfig } from './config.js';
import type { GatewayContext } from './gateway-context.js';
import { createGatewayEventFeed } from './event-feed.js';
import { keepAliveFetcher } from './http-fetcher.js';
import { bodyLimit } from './body-limit.js';
import { applicationRateLimitPlugin, invitationRateLimitPlugin, loginRateLimitPlugin } from './login-limits.js';
import {
  checkDocumentSize,
  createOperationLimits,
  formatLimitError,
  LimitCode,
  requestError,
  withLimitCodes,
  type OperationLimits,
} from './operation-limits.js';
import { apiKeyFrom, PartnerKeys } from './partner-keys.js';
import { RateLimiterStore } from './rate-limits.js';
import { assignRequestId, oneIdentity, requestIdOf } from './request-guards.js';
import { SessionRevocation } from './session-revocation.js';
import { TrustedDocuments, type GraphQLParams } from './trusted-documents.js';
import { ViewerForwardingDataSource } from './viewer-data-source.js';
import { errorMaskingPlugin, maskInternalError, requestErrors } from './error-masking.js';
import { formatInputGuardError, inputGuardPlugin, inputGuardRule } from '@dnp/subgraph-kit/input-guard';
import { corsPolicy, securityHeaders } from './security-headers.js';
import { ViewerTokenCache, type ResolvedViewer } from './viewer-cache.js';
import { mountUploadRoutes } from './upload-proxy.js';
import { mountExportRoute } from './export-proxy.js';
import { apolloEventExecutor } from './subscriptions/event-query-executor.js';
import { SubscriptionEngine } from './subscriptions/subscription-engine.js';
import { isBatchedReRead } from './subscriptions/subscription-query.js';
import { SUBSCRIPTION_FIELDS } from './subscriptions/subscription-fields.js';
import {
  attachSubscriptionServer,
  validatorWithRules,
  type ConnectionIdentity,
} from './subscriptions/subscription-server.js';

export interface RunningGateway {
  url: string;
  port: number;
  close(): Promise<void>;
  /** The subscription engine's counters. */
  subscriptionStats: () => SubscriptionEngine['stats'];
}

/** What the gateway is wired to besides its configuration. */
export interface GatewayDeps {
  /** The event feed subscriptions are served from; default: from the configuration (EVENT_BUS). */
  feed?: EventFeed;
  /** Validation rules added to graphql-js's for every operation (HTTP and WebSocket alike). */
  validationRules?: ValidationRule[];
}

/** Subgraph name → URL, from the supergraph's join__Graph enum, with configured overrides applied. */
export function subgraphUrls(supergraphSdl: string, overrides: Record<string, string>): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const m of supergraphSdl.matchAll(/@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]*)"\)/g))
    urls[m[1]!] = overrides[m[1]!] ?? m[2]!;
  for (const name of Object.keys(overrides)) {
    if (!(name in urls)) throw new Error(`SUBGRAPH_URLS names "${name}", which the supergraph does not contain`);
  }
  return urls;
}

/** The supergraph the gateway plans over, its subgraphs' addresses and the HTTP client that reaches them. */
interface Supergraph {
  gateway: ApolloGateway;
  urls: Record<string, string>;
  http: ReturnType<typeof keepAliveFetcher>;
  /** The API schema once Apollo has loaded the supergraph (undefined before). */
  apiSchema: () => GraphQLSchema | undefined;
}

/** Who is asking: partner keys, user access tokens and the sessions behind them. */
interface Identity {
  partnerKeys: PartnerKeys;
  sessions: SessionRevocation;
  viewers: ViewerTokenCache;
}

/** The subscription engine and the graphql-ws server in front of it. */
interface LiveUpdates {
  engine: SubscriptionEngine;
  subscriptions: ReturnType<typeof attachSubscriptionServer>;
}

/**
 * Starts the gateway: the supergraph over HTTP at /graphql, /health (the gateway and every
 * subgraph), and the built apps when configured.
 */
export async function startGateway(
  config: GatewayConfig,
  log: Logger,
  deps: GatewayDeps = {},
): Promise<RunningGateway> {
  const graph = loadSupergraph(config, log);
  const production = config.NODE_ENV === 'production';
  const limits = createOperationLimits(config.operationLimits, isBatchedReRead);
  const rateLimits = new RateLimiterStore(config.REDIS_URL ?? '');
  const trusted = TrustedDocuments.load(config.TRUSTED_DOCUMENTS, config.trustedDocumentPaths);
  const identity = createIdentity(config, graph.urls, rateLimits, log);
  const apollo = await startApollo(config, log, graph.gateway, limits, rateLimits);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // gzip for the apps' bundles and large GraphQL responses (phones on slow networks).
  app.use(compression({ threshold: 1024 }));
  app.use(securityHeaders({ landingPage: !production }));
  app.use(corsPolicy(config.corsOrigins));
  // Filled once live updates start (after /health is mounted, so health answers during startup).
  const liveRef: { current?: LiveUpdates } = {};
  app.get(
    '/health',
    healthRoute(graph, log, () => liveRef.current?.engine.stats),
  );
  mountGraphql(app, config, log, apollo, trusted, identity);
  mountUploadRoutes(app, {
    urls: graph.urls,
    maxUploadSize: config.MAX_UPLOAD_SIZE,
    log: log.child({ component: 'uploads' }),
    resolveIdentity: (req) => resolveIdentity(identity, req),
    anonymousToken: async (subgraph) => (await identity.viewers.resolve(undefined)).viewerToken(subgraph),
  });
  mountExportRoute(app, {
    urls: graph.urls,
    log: log.child({ component: 'exports' }),
    resolveIdentity: (req) => resolveIdentity(identity, req),
  });
  mountStaticApps(app, config.staticApps, log);

  const server: Server = await new Promise((ok) => {
    const s = app.listen(config.PORT, config.HOST, () => ok(s));
  });
  // Idle client connections stay open longer than clients and proxies keep them (a load balancer's idle
  // timeout is 60 s): with Node's 5 s default, a client reusing a connection the gateway is closing at
  // that moment gets "other side closed" for a request the gateway never read (an e2e saw it under load).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST}:${port}/graphql`;
  const live = await startLiveUpdates({ config, log, deps, graph, apollo, identity, limits, server });
  liveRef.current = live;
  const { engine, subscriptions } = live;
  log.info(
    {
      url,
      subgraphs: graph.urls,
      trustedDocuments: { mode: trusted.mode, operations: trusted.size },
      sharedRateLimits: rateLimits.shared,
    },
    'gateway ready',
  );
  return {
    url,
    port,
    subscriptionStats: () => ({ ...engine.stats }),
    async close() {
      await subscriptions.close();
      await engine.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await apollo.stop();
      await graph.http.close();
      await identity.partnerKeys.close();
      await identity.sessions.close();
      await rateLimits.close();
    },
  };
}

/** Reads the supergraph and builds the Apollo gateway that forwards each fetch with the viewer's token. */
function loadSupergraph(config: GatewayConfig, log: Logger): Supergraph {
  const supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const urls = subgraphUrls(supergraphSdl, config.subgraphUrls);
  const http = keepAliveFetcher(config.SUBGRAPH_CONNECTIONS);
  applyApolloEnvironment(config);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new ViewerForwardingDataSource(name, urls[name] ?? url!, http.fetcher),
    logger: log.child({ component: 'apollo-gateway' }),
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    apiSchema = loaded;
  });
  return { gateway, urls, http, apiSchema: () => apiSchema };
}

/** Partner keys and session checks (both asked of the dealers subgraph) and the access-token cache. */
function createIdentity(
  config: GatewayConfig,
  urls: Record<string, string>,
  rateLimits: RateLimiterStore,
  log: Logger,
): Identity {
  if (!urls.dealers) throw new Error('The supergraph has no dealers subgraph, which resolves partner keys');
  const dealers = (): ServiceClient =>
    new ServiceClient({
      caller: 'gateway',
      target: 'dealers',
      url: urls.dealers!,
      secret: config.INTERNAL_JWT_SECRET,
      timeoutMs: 5000,
    });
  const partnerKeys = new PartnerKeys(
    dealers(),
    config.INTERNAL_JWT_SECRET,
    rateLimits,
    config.PARTNER_KEY_CACHE_SECONDS * 1000,
  );
  // Access tokens of ended sessions (logout, disabled user) are refused at once (session-revocation.ts).
  const sessions = new SessionRevocation({
    dealers: dealers(),
    checkMs: config.SESSION_CHECK_SECONDS * 1000,
    redisUrl: config.REDIS_URL,
    log: log.child({ component: 'sessions' }),
  });
  const viewers = new ViewerTokenCache(new TextEncoder().encode(config.AUTH_JWT_SECRET), config.INTERNAL_JWT_SECRET);
  return { partnerKeys, sessions, viewers };
}

/** Apollo Server over the gateway with the operation limits, login throttle, input guard and error masking. */
async function startApollo(
  config: GatewayConfig,
  log: Logger,
  gateway: ApolloGateway,
  limits: ReturnType<typeof createOperationLimits>,
  rateLimits: RateLimiterStore,
): Promise<ApolloServer<GatewayContext>> {
  const hideDetails = config.hideErrorDetails;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // On for everyone, partners included: the schema and its descriptions are the partner contract.
    introspection: true,
    includeStacktraceInErrorResponses: !hideDetails,
    allowBatchedHttpRequests: false,
    // Persisted hashes are resolved by TrustedDocuments before Apollo; Apollo's own APQ cache would
    // let anyone register documents.
    persistedQueries: false,
    validationRules: [...limits.validationRules, inputGuardRule()],
    plugins: [
      ...(limits.plugins as ApolloServerPlugin<GatewayContext>[]),
      loginRateLimitPlugin(rateLimits, {
        maxFailures: config.LOGIN_MAX_FAILURES,
        maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
        windowSeconds: config.LOGIN_LOCKOUT_SECONDS,
      }),
      applicationRateLimitPlugin(rateLimits, { perHour: config.APPLICATION_RATE_PER_HOUR }),
      invitationRateLimitPlugin(rateLimits, { perHour: config.INVITATION_RATE_PER_HOUR }),
      partnerReadOnlyPlugin(),
      // Odd input (NUL, lone surrogates, huge numbers, invalid dates) never reaches a subgraph.
      inputGuardPlugin<GatewayContext>(),
      errorMaskingPlugin(log.child({ component: 'errors' })),
      ...(config.NODE_ENV === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    formatError: (formatted) =>
      maskInternalError(formatLimitError(formatInputGuardError(formatted), hideDetails), hideDetails),
  });
  await apollo.start();
  return apollo;
}

/** GET /health: the gateway, every subgraph's own /health, and the subscription counters once running. */
function healthRoute(
  graph: Supergraph,
  log: Logger,
  liveStats: () => SubscriptionEngine['stats'] | undefined,
): (req: Request, res: Response) => Promise<void> {
  return async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(graph.urls).map(async ([name, url]) => {
        try {
          const r = await graph.http.fetcher(url.replace(/\/graphql$/, '/health'));
          return [name, r.ok ? 'ok' : `http ${r.status}`] as const;
        } catch (err) {
          // The fetch error names the subgraph's address: logged, not shown.
          log.warn({ err, subgraph: name }, 'subgraph health check failed');
          return [name, 'unreachable'] as const;
        }
      }),
    );
    const ok = checks.every(([, s]) => s === 'ok');
    const live = liveStats();
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      service: 'gateway',
      subgraphs: Object.fromEntries(checks),
      ...(live
        ? {
            subscriptions: {
              active: live.subscribers,
              events: live.events,
              reReads: live.executions,
              reReadEvents: live.batched,
            },
          }
        : {}),
    });
  };
}

/**
 * POST/GET /graphql: request id, one identity, body size, trusted documents and document size,
 * then Apollo with the caller's viewer (partner key or access token; revoked sessions refused).
 */
function mountGraphql(
  app: Express,
  config: GatewayConfig,
  log: Logger,
  apollo: ApolloServer<GatewayContext>,
  trusted: TrustedDocuments,
  identity: Identity,
): void {
  app.use(
    '/graphql',
    assignRequestId,
    oneIdentity,
    bodyLimit({
      defaultLimit: config.MAX_BODY_SIZE,
      financeLimit: config.MAX_FINANCE_BODY_SIZE,
      secret: new TextEncoder().encode(config.AUTH_JWT_SECRET),
    }),
    bodyErrors,
    operationGate(trusted, config.operationLimits),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => {
        const { viewer, viewerToken } = await resolveIdentity(identity, req);
        return { viewer, requestId: requestIdOf(res), clientIp: req.ip ?? '', viewerToken };
      },
    }),
  );
  app.use('/graphql', requestErrors(log));
}

/**
 * The caller of a request (`/graphql`, `/uploads`): its partner key or access token (anonymous without
 * either), the session behind a token checked against revocations. Throws the coded refusal.
 */
async function resolveIdentity({ partnerKeys, sessions, viewers }: Identity, req: Request): Promise<ResolvedViewer> {
  const apiKey = apiKeyFrom(req.headers);
  // A partner key and a user token are two identities; a request may only carry one (oneIdentity).
  const resolved =
    apiKey !== undefined ? await partnerKeys.resolve(apiKey) : await viewers.resolve(req.headers.authorization);
  if (resolved.session) await sessions.check(resolved.session);
  return resolved;
}

/** Serves each built app (mount → folder), client-side routes falling back to its shell; unbuilt ones are skipped. */
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

/**
 * Subscriptions: graphql-ws on the same server and path, fed by one event feed per process (which
 * also carries session revocations), with the HTTP path's identity and operation limits.
 */
async function startLiveUpdates(parts: {
  config: GatewayConfig;
  log: Logger;
  deps: GatewayDeps;
  graph: Supergraph;
  apollo: ApolloServer<GatewayContext>;
  identity: Identity;
  limits: ReturnType<typeof createOperationLimits>;
  server: Server;
}): Promise<LiveUpdates> {
  const { config, log, deps, graph, identity, limits } = parts;
  const { sessions, viewers } = identity;
  const fields = SUBSCRIPTION_FIELDS;
  const feed = deps.feed ?? createGatewayEventFeed(config, graph.urls, log.child({ component: 'event-feed' }));
  await sessions.start(feed);
  const engine = new SubscriptionEngine({
    feed,
    execute: apolloEventExecutor(parts.apollo, config.INTERNAL_JWT_SECRET),
    fields,
    log: log.child({ component: 'subscriptions' }),
    maxQueue: config.SUBSCRIPTION_QUEUE_LIMIT,
    replayLimit: config.SUBSCRIPTION_REPLAY_LIMIT,
    concurrency: config.SUBSCRIPTION_CONCURRENCY,
  });
  await engine.start();
  const subscriptions = attachSubscriptionServer({
    server: parts.server,
    path: '/graphql',
    engine,
    schema: graph.apiSchema,
    authenticate: async (authorization): Promise<ConnectionIdentity> => {
      const { viewer, session } = await viewers.resolve(authorization);
      if (!session) return { viewer, accessExpMs: Infinity };
      await sessions.check(session);
      return {
        viewer,
        accessExpMs: session.expMs,
        watch: (close) => sessions.watch(session, close),
        revoked: () => sessions.isRevoked(session),
      };
    },
    // The HTTP path's operation limits (armor's rules, our cost with the variables) apply to subscriptions too.
    validate: withLimitCodes(validatorWithRules(deps.validationRules ?? limits.validationRules)),
    checkOperation: limits.checkCost,
    fields,
    maxSubscriptionsPerConnection: config.SUBSCRIPTIONS_PER_CONNECTION,
    log: log.child({ component: 'subscriptions' }),
    production: config.NODE_ENV === 'production',
  });
  return { engine, subscriptions };
}

/** Sends a refusal in the GraphQL response shape, before Apollo saw the request. */
function refuse(res: Response, error: GraphQLError): void {
  const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 400;
  const { http: _http, ...extensions } = error.extensions;
  res.status(status).json({ errors: [{ message: error.message, extensions }] });
}

/** Body parser failures as GraphQL errors with codes: too large (413) or not JSON (400). */
function bodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.too.large')
    return refuse(
      res,
      requestError('The request body is larger than this gateway accepts', LimitCode.REQUEST_TOO_LARGE, 413),
    );
  if (type === 'entity.parse.failed')
    return refuse(res, requestError('The request body is not valid JSON', LimitCode.BAD_REQUEST, 400));
  next(err);
}

/**
 * Checks each operation before Apollo parses it: no batches, registered operations (resolving
 * persisted hashes; first-party callers only registered ones when enforced), and the document's
 * length and token count. Partners (API key) may send any document within the limits.
 */
function operationGate(trusted: TrustedDocuments, limits: OperationLimits) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (Array.isArray(req.body))
      return refuse(
        res,
        requestError(
          'Batched operations are not supported; send one operation per request',
          LimitCode.BATCHING_NOT_SUPPORTED,
          400,
        ),
      );
    const firstParty = apiKeyFrom(req.headers) === undefined;
    let params: GraphQLParams;
    let search: URLSearchParams | undefined;
    if (req.method === 'GET') {
      search = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
      let extensions: unknown;
      try {
        extensions = search.has('extensions') ? JSON.parse(search.get('extensions')!) : undefined;
      } catch {
        return refuse(res, requestError('The extensions parameter is not valid JSON', LimitCode.BAD_REQUEST, 400));
      }
      params = { query: search.get('query') ?? undefined, extensions };
    } else if (req.body && typeof req.body === 'object') {
      params = req.body as GraphQLParams;
    } else {
      return next();
    }
    const refusal =
      trusted.apply(params, firstParty) ??
      (typeof params.query === 'string' ? checkDocumentSize(params.query, limits) : null);
    if (refusal) return refuse(res, refusal);
    if (search) {
      if (typeof params.query === 'string') search.set('query', params.query);
      if (params.extensions === undefined) search.delete('extensions');
      else search.set('extensions', JSON.stringify(params.extensions));
      const path = req.url.slice(0, req.url.indexOf('?') >= 0 ? req.url.indexOf('?') : req.url.length);
      req.url = `${path}?${search.toString()}`;
    }
    next();
  };
}

/** Partner keys only read: any mutation or subscription with a key is refused (subgraphs refuse too). */
function partnerReadOnlyPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (contextValue.viewer?.role === 'PARTNER' && operation?.operation !== 'query') {
            throw new GraphQLError('Partner API keys are read-only', {
              extensions: { code: 'FORBIDDEN', http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}
