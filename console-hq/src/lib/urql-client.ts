import { Client, cacheExchange, fetchExchange, subscriptionExchange, type CombinedError, type Exchange, type Operation } from '@urql/core';
import { authExchange } from '@urql/exchange-auth';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { shallowRef } from 'vue';
import { RefreshTokenDocument } from '@/graphql/auth';
import { clearSession, msUntilExpiry, saveSession, sessionState } from './session';
import { persistedExchange } from './persisted-exchange';

/** Same-origin API (the gateway serves the built console); `vite dev` proxies it. */
const GRAPHQL_PATH = '/graphql';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;
/** Operations that must go out without an access token. */
const ANONYMOUS_OPERATIONS = new Set(['Login', 'RefreshToken']);

type AuthFailureHandler = () => void;
let onAuthFailure: AuthFailureHandler = () => {};

/** Called when a refresh fails: the session is gone and the user must log in again. */
export function setAuthFailureHandler(handler: AuthFailureHandler): void {
  onAuthFailure = handler;
}

function operationName(operation: Operation): string | undefined {
  for (const def of operation.query.definitions) {
    if (def.kind === 'OperationDefinition') return def.name?.value;
  }
  return undefined;
}

/** Codes the gateway refuses an access token with (HTTP 401); a refresh is the cure for both. */
const TOKEN_ERRORS = new Set(['TOKEN_EXPIRED', 'INVALID_TOKEN']);

/** The gateway's code for an access token whose session was ended (logout elsewhere, user disabled). */
const SESSION_REVOKED = 'SESSION_REVOKED';

function isSessionRevoked(error: CombinedError): boolean {
  return error.graphQLErrors.some((e) => e.extensions?.code === SESSION_REVOKED);
}

/** The session was ended on the server: a refresh cannot help, so drop it and go to login (once). */
function endRevokedSession(): void {
  if (!sessionState.session) return;
  clearSession();
  onAuthFailure();
}

function isExpiredTokenError(error: CombinedError): boolean {
  if (error.graphQLErrors.some((e) => TOKEN_ERRORS.has(String(e.extensions?.code)))) return true;
  const response = error.response as Response | undefined;
  return response?.status === 401 && error.graphQLErrors.length === 0;
}

const auth = authExchange(async (utils) => ({
  addAuthToOperation(operation) {
    const session = sessionState.session;
    if (!session || ANONYMOUS_OPERATIONS.has(operationName(operation) ?? '')) return operation;
    return utils.appendHeaders(operation, { authorization: `Bearer ${session.accessToken}` });
  },
  willAuthError(operation) {
    const session = sessionState.session;
    if (!session || ANONYMOUS_OPERATIONS.has(operationName(operation) ?? '')) return false;
    return msUntilExpiry(session) < REFRESH_MARGIN_MS;
  },
  didAuthError(error) {
    if (isSessionRevoked(error)) {
      endRevokedSession();
      return false;
    }
    return sessionState.session !== null && isExpiredTokenError(error);
  },
  async refreshAuth() {
    const session = sessionState.session;
    if (!session) return;
    const result = await utils.mutate(RefreshTokenDocument, { refreshToken: session.refreshToken });
    const payload = result.data?.refreshToken;
    if (payload) {
      saveSession({ accessToken: payload.accessToken, refreshToken: payload.refreshToken, expiresAt: payload.expiresAt, user: payload.user });
    } else {
      clearSession();
      onAuthFailure();
    }
  },
}));

let wsClient: WsClient | null = null;

/** graphql-ws over the same endpoint; lazy, so nothing connects until a subscription starts. */
function getWsClient(): WsClient {
  if (!wsClient) {
    const url = new URL(GRAPHQL_PATH, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    wsClient = createWsClient({
      url: url.toString(),
      lazy: true,
      connectionParams: () => {
        const token = sessionState.session?.accessToken;
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      on: {
        // The gateway closes a revoked session's connection with 4401 "SESSION_REVOKED: …".
        closed: (event) => {
          if (String((event as CloseEvent | undefined)?.reason ?? '').startsWith(SESSION_REVOKED)) endRevokedSession();
        },
      },
    });
  }
  return wsClient;
}

const subscriptions: Exchange = subscriptionExchange({
  forwardSubscription(request) {
    const input = { ...request, query: request.query ?? '' };
    return {
      subscribe(sink) {
        const unsubscribe = getWsClient().subscribe(input, sink);
        return { unsubscribe };
      },
    };
  },
});

export function createUrqlClient(): Client {
  return new Client({
    url: GRAPHQL_PATH,
    exchanges: [cacheExchange, auth, persistedExchange, fetchExchange, subscriptions],
    requestPolicy: 'cache-and-network',
    // POST everything: the gateway's CSRF prevention refuses simple GET requests.
    preferGetMethod: false,
  });
}

/** The app's client; replaced on logout so no cached data of the previous user survives. */
export const urqlClient = shallowRef<Client>(createUrqlClient());

export function resetUrqlClient(): void {
  wsClient?.dispose();
  wsClient = null;
  urqlClient.value = createUrqlClient();
}
