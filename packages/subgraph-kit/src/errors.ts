import { GraphQLError } from 'graphql';

/**
 * Stable error codes shared by every subgraph. Clients and partners match on these, so a code
 * is never renamed; new ones are added in SCREAMING_SNAKE_CASE.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  GATEWAY_TOKEN_REQUIRED: 'GATEWAY_TOKEN_REQUIRED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  INVALID_TOKEN: 'INVALID_TOKEN',
  INVALID_CURSOR: 'INVALID_CURSOR',
  CONFLICT: 'CONFLICT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /**
   * A mutation's subgraph call failed in transport (connection closed or reset, timeout): it may
   * or may not have taken effect. Retryable; an idempotency key makes the retry safe.
   */
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  /** A query's subgraph could not be reached (connection refused, closed, timeout). Retryable. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode] | (string & {});

/**
 * Base class of every expected failure. It is a GraphQLError, so Apollo Server keeps its
 * `extensions.code` as is and the gateway forwards it to the client unchanged.
 */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
    this.code = code;
    this.name = 'AppError';
  }
}

/** Input that fails validation: a negative quantity, a malformed SKU, an oversized page. */
export class UserInputError extends AppError {
  constructor(message: string, field?: string) {
    super(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
  }
}

/** An id or key that names nothing the caller may see. */
export class NotFoundError extends AppError {
  constructor(entity: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${entity} "${id}" was not found`, { entity, id });
  }
}

/** The caller is not logged in, or its token could not be verified. */
export class UnauthenticatedError extends AppError {
  constructor(
    message = 'You must be logged in to do this',
    code: ErrorCode = ErrorCode.UNAUTHENTICATED,
    httpStatus?: number,
  ) {
    // An HTTP status is only set when the whole request is refused (e.g. in the context function).
    super(code, message, httpStatus ? { http: { status: httpStatus } } : {});
  }
}

/** The caller is known but its role or data scope does not allow this. */
export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

/** The only message a client sees for an unexpected failure; the original is logged with the request id. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/**
 * True for an error the client may see as is: it carries a stable code other than
 * INTERNAL_SERVER_ERROR (an AppError, or one of Apollo's coded request errors). Anything else
 * (driver errors, TypeErrors, failed fetches) is unexpected and is masked.
 */
export function isCodedError(extensions: Record<string, unknown> | undefined | null): boolean {
  const code = extensions?.code;
  return typeof code === 'string' && code !== '' && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}
