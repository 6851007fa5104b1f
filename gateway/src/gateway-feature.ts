import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import type { EventFeed } from '@dnp/event-bus';
import type { Express, Request } from 'express';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './gateway-context.js';
import type { createOperationLimits } from './operation-limits.js';
import type { RateLimiterStore } from './rate-limits.js';
import type { SupergraphInfo } from './supergraph-info.js';
import type { GraphQLParams } from './trusted-documents.js';
import type { ResolvedViewer, ViewerTokenCache } from './viewer-cache.js';
import type { CloseConnection, SessionClaims } from './session-revocation.js';

/** One thing a feature needs of the supergraph (or the configuration), and whether it is there. */
export interface Need {
  /** What is needed, as the skip log line names it, e.g. `Query.partnerKeyIdentity`. */
  what: string;
  met: boolean;
}

/**
 * A platform feature that attaches only when the supergraph has what it needs (design gateway.md §1):
 * `needs` is asked once with the parsed supergraph; when every need is met `install` wires the feature
 * into the host, otherwise the gateway logs one line naming what is missing and runs without it.
 */
export interface GatewayFeature {
  /** Short name, listed by `/readyz` once attached. */
  name: string;
  needs(graph: SupergraphInfo): Need[];
  install(host: GatewayHost): void | Promise<void>;
}

/** A need on a field: met when the supergraph has `type.field` in any subgraph. */
export function fieldNeed(graph: SupergraphInfo, type: string, field: string): Need {
  return { what: `${type}.${field}`, met: graph.hasField(type, field) };
}

/** Looks up a partner API key (the partner keys feature). */
export interface PartnerKeyResolver {
  resolve(apiKey: string): Promise<ResolvedViewer>;
}

/** Checks the session behind an access token and watches it for revocation (the sessions feature). */
export interface SessionChecker {
  check(session: SessionClaims): Promise<void> | void;
  watch(session: SessionClaims, close: CloseConnection): () => void;
  isRevoked(session: SessionClaims): boolean;
}

/** What the gateway offers its features once it listens. */
export interface ListeningGateway {
  server: Server;
  apollo: ApolloServer<GatewayContext>;
  /** The API schema once Apollo has loaded the supergraph (undefined before). */
  apiSchema: () => GraphQLSchema | undefined;
}

/**
 * What features install into: the parts of the gateway `server.ts` builds (configuration, log,
 * supergraph, Express app, Apollo plugins, identity hooks, lifecycle). Routes are mounted through
 * `mount`, after `/graphql` and the health routes, in the order the features install.
 */
export interface GatewayHost {
  readonly config: GatewayConfig;
  readonly log: Logger;
  readonly graph: SupergraphInfo;
  readonly rateLimits: RateLimiterStore;
  readonly viewers: ViewerTokenCache;
  /** The operation limits (validation rules, cost check) every path applies, subscriptions included. */
  readonly limits: ReturnType<typeof createOperationLimits>;
  /** Apollo Server plugins added after the always-on limits, before input guard and error masking. */
  readonly plugins: ApolloServerPlugin<GatewayContext>[];
  /** Checks run on each operation's parameters before Apollo (null to let it through); may rewrite `params.query`. */
  readonly operationChecks: ((params: GraphQLParams, firstParty: boolean) => GraphQLError | null)[];
  /** Set by the partner keys feature; without it an API key is refused as unknown. */
  partnerKeys?: PartnerKeyResolver;
  /** Set by the sessions feature; without it access tokens are trusted until they expire. */
  sessions?: SessionChecker;
  /** The caller of a request (partner key or access token, session checked); throws the coded refusal. */
  resolveIdentity(req: Request): Promise<ResolvedViewer>;
  /** The process's one event feed, built on first use from the configuration (or the one given). */
  feed(): EventFeed;
  /** Mounts routes on the Express app once `/graphql` is mounted. */
  mount(routes: (app: Express) => void): void;
  /** Runs once the HTTP server listens. */
  onListen(start: (gateway: ListeningGateway) => Promise<void>): void;
  /** Runs when the gateway closes, in reverse order of registration. */
  onClose(close: () => Promise<void>): void;
  /** Adds a section to the `/readyz` answer (e.g. the subscription counters). */
  status(section: string, read: () => unknown): void;
}
