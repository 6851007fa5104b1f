// Browser code shared by the dealer storefront and the HQ console. Consumed as TypeScript source:
// the apps' Vite builds and vue-tsc compile it with the app (see package.json "exports").
export {
  createSessionStore,
  msUntilExpiry,
  readSession,
  type Session,
  type SessionStorageLike,
  type SessionStore,
  type SessionStoreOptions,
  type StorageEventSource,
} from './session-store';
export {
  documentHash,
  persistedExchange,
  withPersistedQuery,
  type PersistedExchangeOptions,
} from './persisted-exchange';
export {
  createAuthClient,
  DEFAULT_GRAPHQL_PATH,
  DEFAULT_REFRESH_MARGIN_MS,
  isExpiredTokenError,
  isRevokedClose,
  isSessionRevoked,
  operationName,
  SESSION_REVOKED,
  TOKEN_ERROR_CODES,
  websocketUrl,
  type AuthClient,
  type AuthClientOptions,
  type RefreshData,
} from './auth-client';
// The order timeline component itself is `@dnp/web-kit/order-timeline` (a .vue file, kept out of
// this plain-TS entry); its event shape and tone rule are here.
export { timelineTone, type TimelineEvent, type TimelineTone } from './order-timeline/timeline-event';
export { postUpload, type UploadedFile, type UploadOptions, type UploadOutcome } from './upload-client';
export {
  businessDay,
  businessMonth,
  businessTimeZone,
  DEFAULT_BUSINESS_TIME_ZONE,
  setBusinessTimeZone,
} from './business-time';
export { fetchDocument, type DocumentOutcome } from './document-client';
export { checkTreeMove, treeMoveTargets, type TreeMoveCheck, type TreeMoveNode } from './tree-move';
