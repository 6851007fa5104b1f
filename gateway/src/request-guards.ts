import { REQUEST_ID_HEADER, requestIdFrom } from '@dnp/subgraph-kit/request-id';
import type { NextFunction, Request, Response } from 'express';

/** A request carried two identities (an API key and a user token, or two keys). */
export const AMBIGUOUS_CREDENTIALS = 'AMBIGUOUS_CREDENTIALS';

/**
 * Gives each request its id before anything else runs: the client's `x-request-id` when it is
 * well-formed (`requestIdFrom`), a fresh one otherwise. The id is answered in the
 * `x-request-id` response header (refusals included), forwarded to every subgraph and stored in
 * the audit log; read it back with `requestIdOf`.
 */
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  res.locals.requestId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
}

/** The id `assignRequestId` gave this request. */
export function requestIdOf(res: Response): string {
  return res.locals.requestId as string;
}

/**
 * A request proves one identity: an API key (`x-api-key`, or `Authorization: ApiKey …`) or a user
 * token (`Authorization: Bearer …`), never two. With both an `x-api-key` header and any
 * `Authorization` header it is refused with AMBIGUOUS_CREDENTIALS (HTTP 400) before its body is
 * read or anything reaches a subgraph: which identity acts is not for the gateway to guess.
 */
export function oneIdentity(req: Request, res: Response, next: NextFunction): void {
  const key = req.headers['x-api-key'];
  const authorization = req.headers.authorization?.trim();
  if (key !== undefined && authorization) {
    const message = 'Send either an API key or a user token, not both';
    res.status(400).json({ errors: [{ message, extensions: { code: AMBIGUOUS_CREDENTIALS } }] });
    return;
  }
  next();
}
