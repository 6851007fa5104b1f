/**
 * The session-revocation protocol shared by the dealers subgraph (which owns sessions and raises
 * the events) and the gateway (which refuses the tokens of ended sessions). A login opens a
 * session; its access tokens carry the session id as the `sid` claim.
 */
/** Code of an access token (or refresh token) whose session was ended: log in again, do not refresh. */
export const SESSION_REVOKED = 'SESSION_REVOKED';

// The event types (EventType.SESSION_REVOKED, USER_SESSIONS_REVOKED, USER_STATUS_CHANGED), their
// reasons and payloads are part of the event catalog; re-exported for the protocol's users.
export {
  EventType,
  SessionRevokeReason,
  type SessionRevokedPayload,
  type UserSessionsRevokedPayload,
} from '@dnp/event-bus';
