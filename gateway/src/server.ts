import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { VIEWER_HEADER } from '@dnp/subgraph-kit/viewer';
import compression from 'compression';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventFeed } from '@dnp/event-bus';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import type { Logger } from 'pino';
import { applyApolloEnvironment, type GatewayConfig } from './config.js';
import type { GatewayContext } from './gateway-context.js';
import { createGatewayEventFeed } from './event-feed.js';
import type { GatewayFeature, GatewayHost, ListeningGateway } from './gateway-feature.js';
import { keepAliveFetcher } from './http-fetcher.js';
import { bodyLimit } from './body-limit.js';
import { livenessRoute, readinessRoute } from './health.js';
import {
  checkDocumentSize,
  createOperationLimits,
  formatLimitError,
  LimitCode,
  requestError,
  type OperationLimits,
} from './operation-limits.js';
import { apiKeyFrom, invalidKey } from './partner-keys.js';
import { RateLimiterStore } from './rate-limits.js';
import { assignRequestId, oneIdentity, requestIdOf } from './request-guards.js';
import { SupergraphInfo } from './supergraph-info.js';
import { TrustedDocuments, type GraphQLParams } from './trusted-documents.js';
import { ViewerForwardingDataSource } from './viewer-data-source.js';
import { errorMaskingPlugin, maskInternalError, requestErrors } from './error-masking.js';
import { formatInputGuardError, inputGuardPlugin, inputGuardRule } from '@dnp/subgraph-kit/input-guard';
import { corsPolicy, securityHeaders } from './security-headers.js';
import { ViewerTokenCache } from './viewer-cache.js';
import { isBatchedReRead } from './subscriptions/subscription-query.js';
import { applicationThrottleFeature } from './features/application-throttle.feature.js';
import { exportsFeature } from './features/exports.feature.js';
import { invitationThrottleFeature } from './features/invitation-throttle.feature.js';
import { loginThrottleFeature } from './features/login-throttle.feature.js';
import { partnerKeysFeature } from './features/partner-keys.feature.js';
import { sessionsFeature } from './features/sessions.feature.js';
import { staticAppsFeature } from './features/static-apps.feature.js';
import { subscriptionsFeature } from './features/subscriptions.feature.js';
import { trustedDocumentsFeature } from './features/trusted-documents.feature.js';
import { uploadsFeature } from './features/uploads.feature.js';

export interface RunningGateway {
  url: string;
  port: number;
  /** The features that attached, and those skipped with what they miss. */
  features: { attached: string[]; skipped: Record<string, string[]> };
  close(): Promise<void>;
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
  return SupergraphInfo.parse(supergraphSdl, overrides).urlMap();
}

/**
 * The platform features in installation order (plugins run, and routes mount, in this order; the
 * static apps last so an app at `/` never shadows a route).
 */
export function platformFeatures(
  config: GatewayConfig,
  trusted: TrustedDocuments,
  deps: GatewayDeps = {},
): GatewayFeature[] {
  return [
    trustedDocumentsFeature(trusted),
    sessionsFeature,
    loginThrottleFeature,
    applicationThrottleFeature,
    invitationThrottleFeature,
    partnerKeysFeature,
    uploadsFeature,
    exportsFeature,
    subscriptionsFeature(deps.validationRules),
    staticAppsFeature(config.staticApps),
  ];
}

/** The supergraph the gateway plans over and the HTTP client that reaches its subgraphs. */
interface Supergraph {
  info: SupergraphInfo;
  gateway: ApolloGateway;
  http: ReturnType<typeof keepAliveFetcher>;
  /** The API schema once Apollo has loaded the supergraph (undefined before). */
  apiSchema: () => GraphQLSchema | undefined;
}

/** The host with the lists `server.ts` reads back once the features installed. */
interface BuiltHost extends GatewayHost {
  readonly mounts: ((app: Express) => void)[];
  readonly listeners: ((gateway: ListeningGateway) => Promise<void>)[];
  readonly closers: (() => Promise<void>)[];
  readonly sections: Map<string, () => unknown>;
}

/**
 * Starts the gateway over any supergraph: `/graphql`, `/livez`, `/readyz` (and `/health`, its alias),
 * and the platform features the supergraph has what for (design gateway.md §2).
 */
export async function startGateway(
  config: GatewayConfig,
  log: Logger,
  deps: GatewayDeps = {},
): Promise<RunningGateway> {
  const graph = loadSupergraph(config, log);
  const trusted = TrustedDocuments.load(config.TRUSTED_DOCUMENTS, config.trustedDocumentPaths);
  const host = createHost(config, log, graph.info, deps);
  const features = await installFeatures(host, platformFeatures(config, trusted, deps), log);
  const apollo = await startApollo(config, log, graph.gateway, host);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // gzip for the apps' bundles and large GraphQL responses (phones on slow networks).
  app.use(compression({ threshold: 1024 }));
  app.use(securityHeaders({ landingPage: config.NODE_ENV !== 'production' }));
  app.use(corsPolicy(config.corsOrigins));
  const liveness = livenessRoute();
  app.get('/livez', liveness.handler);
  const readiness = readinessRoute({
    urls: graph.info.urlMap(),
    fetcher: graph.http.fetcher,
    timeoutMs: config.READY_TIMEOUT_MS,
    headers: async (subgraph) => ({
      [VIEWER_HEADER]: await (await host.viewers.resolve(undefined)).viewerToken(subgraph),
    }),
    schemaLoaded: () => graph.apiSchema() !== undefined,
    features,
    sections: () => {
      const out: Record<string, unknown> = {};
      for (const [name, read] of host.sections) {
        const value = read();
        if (value !== undefined) out[name] = value;
      }
      return out;
    },
    log,
  });
  app.get('/readyz', readiness);
  // The older name, kept for one release (design gateway.md §1).
  app.get('/health', readiness);
  mountGraphql(app, config, log, apollo, host);
  for (const mount of host.mounts) mount(app);

  const server: Server = await new Promise((ok) => {
    const s = app.listen(config.PORT, config.HOST, () => ok(s));
  });
  keepIdleConnections(server);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST}:${port}/graphql`;
  for (const start of host.listeners) await start({ server, apollo, apiSchema: graph.apiSchema });
  log.info(
    {
      url,
      subgraphs: graph.info.urlMap(),
      features: features.attached,
      trustedDocuments: { mode: trusted.mode, operations: trusted.size },
      sharedRateLimits: host.rateLimits.shared,
    },
    'gateway ready',
  );
  return {
    url,
    port,
    features,
    async close() {
      for (const close of [...host.closers].reverse()) await close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      liveness.stop();
      await apollo.stop();
      await graph.http.close();
      await host.rateLimits.close();
    },
  };
}

/** Reads the supergraph and builds the Apollo gateway that forwards each fetch with the viewer's token. */
function loadSupergraph(config: GatewayConfig, log: Logger): Supergraph {
  const supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const info = SupergraphInfo.parse(supergraphSdl, config.subgraphUrls);
  const urls = info.urlMap();
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
  return { info, gateway, http, apiSchema: () => apiSchema };
}

/** The host features install into: the always-on parts (limits, rate-limit store, access tokens) and the hooks. */
function createHost(config: GatewayConfig, log: Logger, graph: SupergraphInfo, deps: GatewayDeps): BuiltHost {
  const viewers = new ViewerTokenCache(new TextEncoder().encode(config.AUTH_JWT_SECRET), config.INTERNAL_JWT_SECRET);
  let feed: EventFeed | undefined = deps.feed;
  const host: BuiltHost = {
    config,
    log,
    graph,
    rateLimits: new RateLimiterStore(config.REDIS_URL ?? ''),
    viewers,
    limits: createOperationLimits(config.operationLimits, isBatchedReRead),
    plugins: [],
    operationChecks: [],
    mounts: [],
    listeners: [],
    closers: [],
    sections: new Map(),
    async resolveIdentity(req) {
      const apiKey = apiKeyFrom(req.headers);
      // A partner key and a user token are two identities; a request may only carry one (oneIdentity).
      if (apiKey !== undefined) {
        // Without the key lookup no key can be known.
        if (!host.partnerKeys) throw invalidKey();
        return host.partnerKeys.resolve(apiKey);
      }
      const resolved = await viewers.resolve(req.headers.authorization);
      if (resolved.session && host.sessions) await host.sessions.check(resolved.session);
      return resolved;
    },
    feed: () => (feed ??= createGatewayEventFeed(config, graph.urlMap(), log.child({ component: 'event-feed' }))),
    mount: (routes) => void host.mounts.push(routes),
    onListen: (start) => void host.listeners.push(start),
    onClose: (close) => void host.closers.push(close),
    status: (section, read) => void host.sections.set(section, read),
  };
  return host;
}

/** Installs each feature whose needs the supergraph meets; logs one line per skipped one naming what it misses. */
async function installFeatures(
  host: GatewayHost,
  features: GatewayFeature[],
  log: Logger,
): Promise<RunningGateway['features']> {
  const attached: string[] = [];
  const skipped: Record<string, string[]> = {};
  for (const feature of features) {
    const missing = feature
      .needs(host.graph)
      .filter((n) => !n.met)
      .map((n) => n.what);
    if (missing.length > 0) {
      skipped[feature.name] = missing;
      log.info({ feature: feature.name, missing }, `${feature.name} not attached: missing ${missing.join(', ')}`);
      continue;
    }
    await feature.install(host);
    attached.push(feature.name);
  }
  return { attached, skipped };
}

/** Apollo Server over the gateway with the operation limits, the features' plugins, input guard and error masking. */
async function startApollo(
  config: GatewayConfig,
  log: Logger,
  gateway: ApolloGateway,
  host: GatewayHost,
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
    validationRules: [...host.limits.validationRules, inputGuardRule()],
    plugins: [
      ...(host.limits.plugins as ApolloServerPlugin<GatewayContext>[]),
      ...host.plugins,
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

/**
 * POST/GET /graphql: request id, one identity, body size, the features' operation checks (trusted
 * documents) and document size, then Apollo with the caller's viewer (partner key or access token;
 * revoked sessions refused).
 */
function mountGraphql(
  app: Express,
  config: GatewayConfig,
  log: Logger,
  apollo: ApolloServer<GatewayContext>,
  host: GatewayHost,
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
    operationGate(host.operationChecks, config.operationLimits),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => {
        const { viewer, viewerToken } = await host.resolveIdentity(req);
        return { viewer, requestId: requestIdOf(res), clientIp: req.ip ?? '', viewerToken };
      },
    }),
  );
  app.use('/graphql', requestErrors(log));
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
function operationGate(
  checks: readonly ((params: GraphQLParams, firstParty: boolean) => GraphQLError | null)[],
  limits: OperationLimits,
) {
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
    let refusal: GraphQLError | null = null;
    for (const check of checks) if ((refusal = check(params, firstParty))) break;
    refusal ??= typeof params.query === 'string' ? checkDocumentSize(params.query, limits) : null;
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

/**
 * Idle client connections stay open longer than clients and proxies keep them (a load balancer's idle
 * timeout is 60 s): with Node's 5 s default, a client reusing a connection the gateway is closing at
 * that moment gets "other side closed" for a request the gateway never read (an e2e saw it under load).
 */
function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
