import { createAuthClient } from '@dnp/web-kit';
import { RefreshTokenDocument } from '@/graphql/auth';
import { sessionStore } from './session';

/**
 * The console's urql client (token on every request, refresh, end of a revoked session,
 * persisted documents, graphql-ws subscriptions): the wiring lives in @dnp/web-kit; the console
 * names its own login and refresh operations.
 */
const kit = createAuthClient({
  sessions: sessionStore,
  refreshDocument: RefreshTokenDocument,
  anonymousOperations: ['Login', 'RefreshToken'],
  sendDocuments: !import.meta.env.PROD,
});

/** The app's client; replaced on logout so no cached data of the previous user survives. */
export const urqlClient = kit.client;
export const resetUrqlClient = kit.reset;
/** Called when the session ends on its own (refresh failed, revoked): the user must log in again. */
export const setAuthFailureHandler = kit.onSessionEnded;
