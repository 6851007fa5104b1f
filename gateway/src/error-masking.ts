import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, INTERNAL_ERROR_MESSAGE, isCodedError } from '@dnp/subgraph-kit/errors';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayContext } from './gateway-context.js';
import { LimitCode } from './operation-limits.js';

/**
 * Codes that mean "something broke", not "you asked for something wrong": the gateway masks
 * these like errors without a code. DOWNSTREAM_SERVICE_ERROR is what @apollo/gateway files a
 * subgraph's uncoded error under.
 */
const INTERNAL_CODES: ReadonlySet<string> = new Set([ErrorCode.INTERNAL_SERVER_ERROR, 'DOWNSTREAM_SERVICE_ERROR']);

/**
 * Extension keys that describe the platform, not the request: the subgraph that answered
 * (`serviceName`), the subgraph's HTTP response (`response`: its URL and body, set by
 * @apollo/gateway when a subgraph answers a non-2xx status), and exception details.
 */
const INTERNAL_EXTENSIONS = ['serviceName', 'response', 'exception'] as const;

function isInternal(extensions: Record<string, unknown> | undefined): boolean {
  return !isCodedError(extensions) || INTERNAL_CODES.has(extensions!.code as string);
}

/** The client's view of an unexpected failure. */
function masked(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = { code: ErrorCode.INTERNAL_SERVER_ERROR };
  return { message: INTERNAL_ERROR_MESSAGE, ...(formatted.path ? { path: formatted.path } : {}), extensions };
}

function withoutInternals(extensions: Record<string, unknown>, hideDetails: boolean): Record<string, unknown> {
  const out = { ...extensions };
  for (const key of INTERNAL_EXTENSIONS) delete out[key];
  if (hideDetails) delete out.stacktrace;
  return out;
}

/**
 * A subgraph that answered a non-2xx status (e.g. 400 for a variable it could not coerce)
 * reaches the gateway as "400: Bad Request" with the subgraph's URL and body in
 * `extensions.response`. Its first coded, non-internal error is what the client may see.
 */
function unwrapSubgraphResponse(formatted: GraphQLFormattedError, hideDetails: boolean): GraphQLFormattedError | null {
  const response = (formatted.extensions as { response?: { body?: unknown } } | undefined)?.response;
  const body = response?.body as { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] } | undefined;
  const errors = Array.isArray(body?.errors) ? body!.errors : [];
  const inner = errors.find((e) => typeof e?.message === 'string' && !isInternal(e.extensions));
  if (!inner) return null;
  const { http: _http, ...extensions } = withoutInternals(inner.extensions!, hideDetails);
  return { message: inner.message as string, ...(formatted.path ? { path: formatted.path } : {}), extensions };
}

/**
 * Apollo `formatError` step of the gateway (after `formatLimitError`): clients see coded errors
 * (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, the limits' codes, a retryable outcome code, …) with
 * their own extensions minus platform internals; every other error — uncoded,
 * INTERNAL_SERVER_ERROR, a subgraph's uncoded error, a failed fetch whose message names a
 * subgraph's address — becomes a generic INTERNAL_SERVER_ERROR without message, URL, body,
 * subgraph name or stack. `errorMaskingPlugin` logs the originals with the request id.
 */
export function maskInternalError(formatted: GraphQLFormattedError, hideDetails: boolean): GraphQLFormattedError {
  const extensions = formatted.extensions as Record<string, unknown> | undefined;
  // A coded error keeps its code and message whatever else it carries (e.g. a retryable outcome code).
  if (!isInternal(extensions)) return { ...formatted, extensions: withoutInternals(extensions!, hideDetails) };
  if (extensions?.response) return unwrapSubgraphResponse(formatted, hideDetails) ?? masked(formatted);
  return masked(formatted);
}

/**
 * Logs every error the client will only see masked, with the request id, and puts the request id
 * on the masked and the retryable errors so a caller can quote it to the operator.
 */
export function errorMaskingPlugin(log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const err of errors) {
            const ext = (err.extensions ?? {}) as Record<string, unknown>;
            if (ext.response || isInternal(ext)) {
              const { response, serviceName } = ext as { response?: unknown; serviceName?: string };
              const requestId = contextValue?.requestId;
              const original = err.originalError ?? err;
              const fields = { err: original, requestId, operationName, path: err.path, serviceName, response };
              log.error(fields, 'unexpected error (masked for the client)');
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !contextValue?.requestId) return;
          for (const err of response.body.singleResult.errors ?? []) {
            const masked =
              err.message === INTERNAL_ERROR_MESSAGE && err.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR;
            // A retryable failure (a subgraph down, an outcome unknown) is the operator's to look into too.
            if (masked || err.extensions?.retryable === true) {
              (err.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
          }
        },
      };
    },
  };
}

/**
 * Last express error handler of `/graphql`: an error nothing else answered (a body in an
 * unsupported charset, a failure in a middleware) gets a coded GraphQL-shaped answer instead of
 * express's default page, which shows the stack outside production.
 */
export function requestErrors(log: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const status = Number((err as { status?: unknown } | null)?.status);
    if (status >= 400 && status < 500) {
      const message = 'The request could not be read';
      res.status(status).json({ errors: [{ message, extensions: { code: LimitCode.BAD_REQUEST } }] });
      return;
    }
    log.error({ err, url: req.originalUrl }, 'request failed');
    const extensions = { code: ErrorCode.INTERNAL_SERVER_ERROR };
    res.status(500).json({ errors: [{ message: INTERNAL_ERROR_MESSAGE, extensions }] });
  };
}
