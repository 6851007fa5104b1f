import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';

/**
 * Refusals of the gateway's plain HTTP routes (uploads, media, documents, exports) in the GraphQL
 * error shape the apps already read: `{ errors: [{ message, extensions: { code } }] }`.
 */
export function refuse(res: Response, status: number, code: string, message: string): void {
  if (!res.headersSent) res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** A GraphQLError from the identity step (bad token, revoked session), with the status it carries. */
export function refuseWith(res: Response, error: GraphQLError): void {
  const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 400;
  refuse(res, status, String(error.extensions.code ?? 'BAD_REQUEST'), error.message);
}

/**
 * The caller's identity as `/graphql` resolves it, or undefined once its refusal is answered (a bad
 * token or a revoked session); other failures propagate to the route's error handler.
 */
export async function identityOrRefuse<T>(
  req: Request,
  res: Response,
  resolve: (req: Request) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await resolve(req);
  } catch (err) {
    if (err instanceof GraphQLError) return void refuseWith(res, err);
    throw err;
  }
}

/** Express's error handler for a group of routes: an unexpected failure is logged and answered without detail. */
export function routeErrors(log: Logger, what: string) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    log.error({ err }, `${what} failed`);
    refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}
