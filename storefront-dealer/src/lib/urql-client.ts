import { Client, cacheExchange, fetchExchange, subscriptionExchange, type Operation, type CombinedError } from '@urql/core';
import { authExchange } from '@urql/exchange-auth';
import { shallowRef } from 'vue';
import { RefreshTokenMutation } from '@/graphql/auth';
import { clearSession, msUntilExpiry, saveSession, session } from './session';
import { persistedExchange } from './persisted-exchange';

/** The API lives on the same origin as the app (the gateway serves both). */
const GRAPHQL_PATH = '/graphql';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;
/** Operations that must not wait for (or carry) an access token. */
const ANONYMOUS_OPERATIONS = new Set(['StoreLogin', 'StoreRefreshToken']);

let onSessionExpired: () => void = () => {};
/** What to do when the session cannot be refreshed (the router sends the user to /login). */
export function setSessionExpiredHandler(fn: () => void): void {
  onSessionExpired = fn;
}

function operationName(op: Operation): string | undefined {
  for (const d of op.query.definitions) if (d.kind === 'OperationDefinition') return d.name?.value;
  return undefined;
}

/** The gateway's code for an access token whose session was ended (logout elsewhere, user disabled). */
const SESSION_REVOKED = 'SESSION_REVOKED';

function isSessionRevoked(error: CombinedError): boolean {
  return error.graphQLErrors.some((e) => e.extensions?.code === SESSION_REVOKED);
}

/** The session was ended on the server: a refresh cannot help, so drop it and go to login (once). */
function endRevokedSession(): void {
  if (!session.value) return;
  clearSession();
  onSessionExpired();
}

function isAuthError(error: CombinedError): boolean {
  if (error.response && (error.response as Response).status === 401) return true;
  return error.graphQLErrors.some((e) => e.extensions?.code === 'TOKEN_EXPIRED' || e.extensions?.code === 'INVALID_TOKEN');
}

const auth = authExchange(async (utils) => ({
  addAuthToOperation(operation) {
    const s = session.value;
    if (!s || ANONYMOUS_OPERATIONS.has(operationName(operation) ?? '')) return operation;
    return utils.appendHeaders(operation, { authorization: `Bearer ${s.accessToken}` });
  },
  willAuthError(operation) {
    const s = session.value;
    if (!s || ANONYMOUS_OPERATIONS.has(operationName(operation) ?? '')) return false;
    return msUntilExpiry(s) < REFRESH_MARGIN_MS;
  },
  didAuthError(error) {
    if (isSessionRevoked(error)) {
      endRevokedSession();
      return false;
    }
    return isAuthError(error);
  },
  async refreshAuth() {
    const refreshToken = session.value?.refreshToken;
    const result = refreshToken ? await utils.mutate(RefreshTokenMutation, { refreshToken }) : undefined;
    const pair = result?.data?.refreshToken;
    if (pair) {
      saveSession({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: pair.expiresAt, user: pair.user });
      return;
    }
    clearSession();
    onSessionExpired();
  },
}));

/**
 * Subscriptions go over graphql-ws on the same /graphql endpoint. The client (and its code) is
 * loaded on the first subscription only, so pages without live data pay nothing for it.
 */
let wsClient: Promise<import('graphql-ws').Client> | undefined;
function websocket() {
  wsClient ??= import('graphql-ws').then(({ createClient }) =>
    createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`,
      lazy: true,
      connectionParams: () => (session.value ? { authorization: `Bearer ${session.value.accessToken}` } : {}),
      on: {
        // The gateway closes a revoked session's connection with 4401 "SESSION_REVOKED: …".
        closed: (event) => {
          if (String((event as CloseEvent | undefined)?.reason ?? '').startsWith(SESSION_REVOKED)) endRevokedSession();
        },
      },
    }),
  );
  return wsClient;
}

const subscriptions = subscriptionExchange({
  forwardSubscription(request) {
    const input = { ...request, query: request.query ?? '' };
    return {
      subscribe(sink) {
        let dispose: (() => void) | undefined;
        let closed = false;
        void websocket().then((ws) => {
          if (!closed) dispose = ws.subscribe(input, sink);
        });
        return { unsubscribe: () => { closed = true; dispose?.(); } };
      },
    };
  },
});

export function createUrqlClient(): Client {
  return new Client({
    url: GRAPHQL_PATH,
    exchanges: [cacheExchange, auth, persistedExchange, fetchExchange, subscriptions],
    requestPolicy: 'cache-and-network',
    preferGetMethod: false,
  });
}

/** The app's client; replaced on logout so nothing cached for one user is shown to the next. */
export const urqlClient = shallowRef<Client>(createUrqlClient());

export function resetUrqlClient(): void {
  urqlClient.value = createUrqlClient();
}
