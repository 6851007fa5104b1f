import { createAuthClient } from '@dnp/web-kit';
import { RefreshTokenMutation } from '@/graphql/auth';
import { sessionStore } from './session';

/**
 * The storefront's urql client (token on every request, refresh, end of a revoked session,
 * persisted documents, graphql-ws subscriptions): the wiring lives in @dnp/web-kit; the
 * storefront names its own login and refresh operations.
 */
const kit = createAuthClient({
  sessions: sessionStore,
  refreshDocument: RefreshTokenMutation,
  // The application form and the invitation are for people without a session (an upload an applicant
  // claims must be as anonymous as the application).
  anonymousOperations: [
    'StoreLogin',
    'StoreRefreshToken',
    'StoreApplyRegions',
    'StoreSubmitApplication',
    'StoreAcceptInvitation',
  ],
  sendDocuments: !import.meta.env.PROD,
});

/** The app's client; replaced on logout so nothing cached for one user is shown to the next. */
export const urqlClient = kit.client;
export const resetUrqlClient = kit.reset;
/** What to do when the session ends on its own (the router sends the user to /login). */
export const setSessionExpiredHandler = kit.onSessionEnded;
