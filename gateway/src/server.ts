import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ServiceClient } from '@dnp/subgraph-kit/service-client';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { EventFeed } from '@dnp/event-bus';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './gateway-context.js';
import { createGatewayEventFeed } from './event-feed.js';
import { keepAliveFetcher } from './http-fetcher.js';
import { loginRateLimitPlugin } from './login-limits.js';
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
import { ViewerTokenCache } from './viewer-cache.js';
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

/**
 * Starts the gateway: the supergraph over HTTP at /graphql, /health (the gateway and every
 * subgraph), and the built apps when configured.
 */
export async function startGateway(
  config: GatewayConfig,
  log: Logger,
  deps: GatewayDeps = {},
): Promise<RunningGateway> {
  const supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const urls = subgraphUrls(supergraphSdl, config.subgraphUrls);
  const http = keepAliveFetcher(config.SUBGRAPH_CONNECTIONS);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new ViewerForwardingDataSource(name, urls[name] ?? url!, http.fetcher),
    logger: log.child({ component: 'apollo-gateway' }),
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    apiSchema = loaded;
  });
  const production = config.NODE_ENV === 'production';
  const hideDetails = config.hideErrorDetails;
  const limits = createOperationLimits(config.operationLimits, isBatchedReRead);
  const rateLimits = new RateLimiterStore(config.REDIS_URL ?? '');
  const trusted = TrustedDocuments.load(config.TRUSTED_DOCUMENTS, config.trustedDocumentPaths);
  if (!urls.dealers) throw new Error('The supergraph has no dealers subgraph, which resolves partner keys');
  const partnerKeys = new PartnerKeys(
    new ServiceClient({
      caller: 'gateway',
      target: 'dealers',
      url: urls.dealers,
      secret: config.INTERNAL_JWT_SECRET,
      timeoutMs: 5000,
    }),
    config.INTERNAL_JWT_SECRET,
    rateLimits,
    config.PARTNER_KEY_CACHE_SECONDS * 1000,
  );
  // Access tokens of ended sessions (logout, disabled user) are refused at once (session-revocation.ts).
  const sessions = new SessionRevocation({
    dealers: new ServiceClient({
      caller: 'gateway',
      target: 'dealers',
      url: urls.dealers,
      secret: config.INTERNAL_JWT_SECRET,
      timeoutMs: 5000,
    }),
    checkMs: config.SESSION_CHECK_SECONDS * 1000,
    redisUrl: config.REDIS_URL,
    log: log.child({ component: 'sessions' }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // On for everyone, partners included: the schema and its descriptions are the partner contract.
    introspection: true,
    includeStacktraceInErrorResponses: !hideDetails,
    allowBatchedHttpRequests: false,
    // Persisted hashes are resolved by TrustedDocuments before Apollo; Apollo's own APQ cache would let anyone register documents.
    persistedQueries: false,
    validationRules: [...limits.validationRules, inputGuardRule()],
    plugins: [
      ...(limits.plugins as ApolloServerPlugin<GatewayContext>[]),
      loginRateLimitPlugin(rateLimits, {
        maxFailures: config.LOGIN_MAX_FAILURES,
        maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
        windowSeconds: config.LOGIN_LOCKOUT_SECONDS,
      }),
      partnerReadOnlyPlugin(),
      // Odd input (NUL, lone surrogates, huge numbers, invalid dates) never reaches a subgraph.
      inputGuardPlugin<GatewayContext>(),
      errorMaskingPlugin(log.child({ component: 'errors' })),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    formatError: (formatted) =>
      maskInternalError(formatLimitError(formatInputGuardError(formatted), hideDetails), hideDetails),
  });
  await apollo.start();

  const viewers = new ViewerTokenCache(new TextEncoder().encode(config.AUTH_JWT_SECRET), config.INTERNAL_JWT_SECRET);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // gzip for the apps' bundles and large GraphQL responses (phones on slow networks).
  app.use(compression({ threshold: 1024 }));
  app.use(securityHeaders({ landingPage: !production }));
  app.use(corsPolicy(config.corsOrigins));
  let liveStats: (() => SubscriptionEngine['stats']) | undefined;
  app.get('/health', async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(urls).map(async ([name, url]) => {
        try {
          const r = await http.fetcher(url.replace(/\/graphql$/, '/health'));
          return [name, r.ok ? 'ok' : `http ${r.status}`] as const;
        } catch (err) {
          // The fetch error names the subgraph's address: logged, not shown.
          log.warn({ err, subgraph: name }, 'subgraph health check failed');
          return [name, 'unreachable'] as const;
        }
      }),
    );
    const ok = checks.every(([, s]) => s === 'ok');
    const live = liveStats?.();
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
  });
  app.use(
    '/graphql',
    assignRequestId,
    oneIdentity,
    express.json({ limit: config.MAX_BODY_SIZE }),
    bodyErrors,
    operationGate(trusted, config.operationLimits),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => {
        const apiKey = apiKeyFrom(req.headers);
        // A partner key and a user token are two identities; a request may only carry one.
        const { viewer, viewerToken, session } =
          apiKey !== undefined ? await partnerKeys.resolve(apiKey) : await viewers.resolve(req.headers.authorization);
        if (session) await sessions.check(session);
        return { viewer, requestId: requestIdOf(res), clientIp: req.ip ?? '', viewerToken };
      },
    }),
  );
  app.use('/graphql', requestErrors(log));
  for (const [mount, folder] of Object.entries(config.staticApps)) {
    const dir = resolve(folder);
    if (!existsSync(join(dir, 'index.html'))) {
      log.warn({ mount, dir }, 'static app not built; skipping');
      continue;
    }
    app.use(mount, express.static(dir, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes fall back to the app shell.
    app.get(`${mount === '/' ? '' : mount}/*splat`, (_req, res) => res.sendFile(join(dir, 'index.html')));
  }

  const server: Server = await new Promise((ok) => {
    const s = app.listen(config.PORT, config.HOST, () => ok(s));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST}:${port}/graphql`;

  // Subscriptions: graphql-ws on the same server and path, fed by one event feed per process.
  const fields = SUBSCRIPTION_FIELDS;
  const feed = deps.feed ?? createGatewayEventFeed(config, urls, log.child({ component: 'event-feed' }));
  await sessions.start(feed);
  const engine = new SubscriptionEngine({
    feed,
    execute: apolloEventExecutor(apollo, config.INTERNAL_JWT_SECRET),
    fields,
    log: log.child({ component: 'subscriptions' }),
    maxQueue: config.SUBSCRIPTION_QUEUE_LIMIT,
    replayLimit: config.SUBSCRIPTION_REPLAY_LIMIT,
    concurrency: config.SUBSCRIPTION_CONCURRENCY,
  });
  await engine.start();
  liveStats = () => engine.stats;
  const subscriptions = attachSubscriptionServer({
    server,
    path: '/graphql',
    engine,
    schema: () => apiSchema,
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
    production,
  });
  log.info(
    {
      url,
      subgraphs: urls,
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
      await http.close();
      await partnerKeys.close();
      await sessions.close();
      await rateLimits.close();
    },
  };
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
      req.url = `${req.url.slice(0, req.url.indexOf('?') >= 0 ? req.url.indexOf('?') : req.url.length)}?${search.toString()}`;
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
