import { ErrorCode } from '@dnp/subgraph-kit/errors';
import { GraphQLError, type OperationTypeNode } from 'graphql';

/** Error codes (Node and undici) of a subgraph call that failed below HTTP: no answer came back. */
const TRANSPORT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_ABORTED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
]);
/** Messages of the same failures where no code survived (a body cut off mid-read, a hung-up socket). */
const TRANSPORT_MESSAGE =
  /other side closed|socket hang up|terminated|premature close|connection (reset|refused|closed)/i;

/** True when `err` (or an error it wraps) is a transport failure: the subgraph's answer never arrived whole. */
export function isTransportFailure(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && TRANSPORT_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && TRANSPORT_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/** The message of OUTCOME_UNKNOWN for placeOrder, which has an idempotency key to retry with. */
const PLACE_ORDER_RETRY =
  'The order service stopped answering before the outcome was known; the order may or may not have been placed. ' +
  'Retry placeOrder with the same idempotency key: it returns the real outcome and never places a second order.';

/**
 * The coded error a client gets for a subgraph call that failed in transport, instead of the
 * transport's own text (which names hosts and sockets): for a mutation OUTCOME_UNKNOWN (it may
 * have taken effect; retry with the same idempotency key), for a query SUBGRAPH_UNAVAILABLE.
 * Both carry `extensions.retryable: true`. `rootFields` are the operation's top-level fields.
 */
export function transportFailureError(
  operation: OperationTypeNode | undefined,
  rootFields: readonly string[],
): GraphQLError {
  if (operation === 'mutation') {
    const message = rootFields.includes('placeOrder')
      ? PLACE_ORDER_RETRY
      : 'A service stopped answering before the outcome was known; the change may or may not have ' +
        'been made. Retry it (with the same idempotency key, where it takes one).';
    return new GraphQLError(message, { extensions: { code: ErrorCode.OUTCOME_UNKNOWN, retryable: true } });
  }
  return new GraphQLError('A service is unavailable right now; try again shortly.', {
    extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, retryable: true },
  });
}
