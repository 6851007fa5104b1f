/**
 * The session-revocation protocol shared by the dealers subgraph (which owns sessions and raises
 * the events) and the gateway (which refuses the tokens of ended sessions). A login opens a
 * session; its access tokens carry the session id as the `sid` claim.
 */

/** Code of an access token (or refresh token) whose session was ended: log in again, do not refresh. */
export const SESSION_REVOKED = 'SESSION_REVOKED';

/** Event types the dealers subgraph raises when sessions end or a user's status changes. */
export const SessionEvent = {
  /** One session ended (logout). Subject: the session id. */
  SESSION_REVOKED: 'dealers.session_revoked',
  /** Every session of a user ended (disabled, refresh-token reuse, …). Subject: the user id. */
  USER_SESSIONS_REVOKED: 'dealers.user_sessions_revoked',
  /** A user was disabled or enabled again. Subject: the user id. */
  USER_STATUS_CHANGED: 'dealers.user_status_changed',
} as const;

/** Why sessions ended. */
export const SessionRevokeReason = {
  LOGOUT: 'LOGOUT',
  USER_DISABLED: 'USER_DISABLED',
  /** A refresh token that had already been rotated was presented again (theft or replay). */
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',
} as const;
export type SessionRevokeReason = (typeof SessionRevokeReason)[keyof typeof SessionRevokeReason];

/** Payload of `dealers.session_revoked`. */
export interface SessionRevokedPayload {
  sessionId: string;
  userId: string;
  reason: SessionRevokeReason;
  /** No access token of the session lives past this (ISO-8601): how long a revocation must be remembered. */
  tokensExpireBy: string;
}

/** Payload of `dealers.user_sessions_revoked`. */
export interface UserSessionsRevokedPayload {
  userId: string;
  /** The sessions that were still open. */
  sessionIds: string[];
  reason: SessionRevokeReason;
  /** Access tokens issued before this moment (ISO-8601) are refused. */
  validAfter: string;
  tokensExpireBy: string;
}
