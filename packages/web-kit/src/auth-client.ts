import {
  Client,
  cacheExchange,
  fetchExchange,
  subscriptionExchange,
  type CombinedError,
  type DocumentInput,
  type Exchange,
  type Operation,
} from '@urql/core';
import { authExchange } from '@urql/exchange-auth';
import type { Client as WsClient } from 'graphql-ws';
import { shallowRef, type ShallowRef } from 'vue';
import { persistedExchange } from './persisted-exchange';
import { msUntilExpiry, type Session, type SessionStore } from './session-store';

/** The gateway's code for an access token whose session was ended (logout elsewhere, user disabled). */
export const SESSION_REVOKED = 'SESSION_REVOKED';
/** Codes the gateway refuses an access token with (HTTP 401); a refresh is the cure for both. */
export const TOKEN_ERROR_CODES: ReadonlySet<string> = new Set(['TOKEN_EXPIRED', 'INVALID_TOKEN']);
/** Refresh this long before the access token expires, so requests do not race the expiry. */
export const DEFAULT_REFRESH_MARGIN_MS = 60_000;
/** Same-origin API: the gateway serves the built apps; `vite dev` proxies it. */
export const DEFAULT_GRAPHQL_PATH = '/graphql';

/** What the app's refresh mutation answers: a new token pair, or null when the refresh token is no good. */
export interface RefreshData<User> {
  refreshToken?: Session<User> | null;
}

export interface AuthClientOptions<User> {
  sessions: SessionStore<User>;
  /** The app's own generated refresh mutation (each app registers its own persisted documents). */
  refreshDocument: DocumentInput<RefreshData<User>, { refreshToken: string }>;
  /** Operation names that go out without an access token and never wait for a refresh (login, refresh). */
  anonymousOperations: readonly string[];
  /** Development builds also send the document with its hash (see persistedExchange). */
  sendDocuments: boolean;
  graphqlPath?: string;
  refreshMarginMs?: number;
}

/** The app's urql client with its session wiring. */
export interface AuthClient {
  /** The current client; replaced by reset() so nothing cached for one user is shown to the next. */
  readonly client: ShallowRef<Client>;
  /** A fresh client (after login and logout); also closes the subscription socket of the old user. */
  reset(): void;
  /** What to do when the session ends without the user asking (refresh failed, revoked): the app goes to login. */
  onSessionEnded(handler: () => void): void;
}

/** The name of an operation's first definition (`StoreLogin`), if it has one. */
export function operationName(operation: Pick<Operation, 'query'>): string | undefined {
  for (const def of operation.query.definitions) {
    if (def.kind === 'OperationDefinition') return def.name?.value;
  }
  return undefined;
}

/** The gateway ended this token's session: a refresh cannot help. */
export function isSessionRevoked(error: CombinedError): boolean {
  return error.graphQLErrors.some((e) => e.extensions?.code === SESSION_REVOKED);
}

/** The access token expired or is not accepted: a refresh is worth one try. */
export function isExpiredTokenError(error: CombinedError): boolean {
  if (error.graphQLErrors.some((e) => TOKEN_ERROR_CODES.has(String(e.extensions?.code)))) return true;
  const response = error.response as Response | undefined;
  return response?.status === 401 && error.graphQLErrors.length === 0;
}

/** The gateway closes a revoked session's socket with 4401 and a reason starting with SESSION_REVOKED. */
export function isRevokedClose(event: unknown): boolean {
  return String((event as { reason?: unknown } | undefined)?.reason ?? '').startsWith(SESSION_REVOKED);
}

/** The graphql-ws URL for an HTTP path on the page's origin (wss on https). */
export function websocketUrl(path: string, pageUrl: string): string {
  const url = new URL(path, pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * Builds the urql client both apps use: the access token on every operation but login and
 * refresh, a refresh (rotating the pair) shortly before expiry or when the gateway answers
 * TOKEN_EXPIRED/INVALID_TOKEN, and the end of the session when the refresh fails or the gateway
 * says SESSION_REVOKED (over HTTP or by closing the socket). Subscriptions go over graphql-ws on
 * the same path; its code is loaded on the first subscription only.
 */
export function createAuthClient<User>(options: AuthClientOptions<User>): AuthClient {
  const { sessions, sendDocuments } = options;
  const graphqlPath = options.graphqlPath ?? DEFAULT_GRAPHQL_PATH;
  let sessionEnded: () => void = () => {};
  /** Drops the session and tells the app, once: later failures of the same session find it gone. */
  const endSession = () => {
    if (!sessions.session.value) return;
    sessions.clear();
    sessionEnded();
  };
  const auth = sessionAuthExchange(options, endSession);
  const socket = lazySocket(graphqlPath, sessions, endSession);
  const subscriptions = socketSubscriptions(socket.get);

  const create = () =>
    new Client({
      url: graphqlPath,
      exchanges: [
        cacheExchange,
        auth,
        persistedExchange({ sendDocument: sendDocuments }),
        fetchExchange,
        subscriptions,
      ],
      requestPolicy: 'cache-and-network',
      // POST everything: the gateway's CSRF prevention refuses simple GET requests.
      preferGetMethod: false,
    });

  const client = shallowRef<Client>(create());
  return {
    client,
    reset() {
      client.value = create();
      socket.dispose();
    },
    onSessionEnded(handler) {
      sessionEnded = handler;
    },
  };
}

/**
 * The access token on every operation but the anonymous ones; a refresh (rotating the pair)
 * shortly before expiry or on TOKEN_EXPIRED/INVALID_TOKEN; the session's end on SESSION_REVOKED
 * or a failed refresh.
 */
function sessionAuthExchange<User>(options: AuthClientOptions<User>, endSession: () => void): Exchange {
  const { sessions, refreshDocument } = options;
  const refreshMarginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const anonymous = new Set(options.anonymousOperations);
  const needsToken = (operation: Operation) => !anonymous.has(operationName(operation) ?? '');
  return authExchange(async (utils) => ({
    addAuthToOperation(operation) {
      const session = sessions.session.value;
      if (!session || !needsToken(operation)) return operation;
      return utils.appendHeaders(operation, { authorization: `Bearer ${session.accessToken}` });
    },
    willAuthError(operation) {
      const session = sessions.session.value;
      return !!session && needsToken(operation) && msUntilExpiry(session) < refreshMarginMs;
    },
    didAuthError(error) {
      if (isSessionRevoked(error)) {
        endSession();
        return false;
      }
      return sessions.session.value !== null && isExpiredTokenError(error);
    },
    async refreshAuth() {
      const session = sessions.session.value;
      if (!session) return;
      const result = await utils.mutate(refreshDocument, { refreshToken: session.refreshToken });
      const pair = result.data?.refreshToken;
      if (pair) {
        const { accessToken, refreshToken, expiresAt, user } = pair;
        sessions.save({ accessToken, refreshToken, expiresAt, user });
      } else {
        endSession();
      }
    },
  }));
}

/**
 * The graphql-ws client, its code loaded and its socket opened on first use, presenting the
 * current access token; a close for a revoked session ends the session. `dispose` closes it
 * (the next use opens a new one).
 */
function lazySocket<User>(
  graphqlPath: string,
  sessions: SessionStore<User>,
  endSession: () => void,
): { get: () => Promise<WsClient>; dispose: () => void } {
  let ws: Promise<WsClient> | undefined;
  return {
    get: () =>
      (ws ??= import('graphql-ws').then(({ createClient }) =>
        createClient({
          url: websocketUrl(graphqlPath, globalThis.location.href),
          lazy: true,
          connectionParams: () => {
            const token = sessions.session.value?.accessToken;
            return token ? { authorization: `Bearer ${token}` } : {};
          },
          on: { closed: (event) => (isRevokedClose(event) ? endSession() : undefined) },
        }),
      )),
    dispose: () => {
      const old = ws;
      ws = undefined;
      void old?.then((socket) => socket.dispose());
    },
  };
}

/** urql's subscription exchange over the (lazily loaded) graphql-ws client. */
function socketSubscriptions(websocket: () => Promise<WsClient>): Exchange {
  return subscriptionExchange({
    forwardSubscription(request) {
      const input = { ...request, query: request.query ?? '' };
      return {
        subscribe(sink) {
          let dispose: (() => void) | undefined;
          let closed = false;
          void websocket().then((socket) => {
            if (!closed) dispose = socket.subscribe(input, sink);
          });
          return {
            unsubscribe: () => {
              closed = true;
              dispose?.();
            },
          };
        },
      };
    },
  });
}
