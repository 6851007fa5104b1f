import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { Role } from '@dnp/subgraph-kit/viewer';
import { viewerFromAuthorization } from './access-token.js';

/** Roles that upload bank files (base64 in `importBankStatement`) and so may send the larger body. */
const LARGE_BODY_ROLES: ReadonlySet<string> = new Set([Role.HQ_ADMIN, Role.FINANCE_CLERK]);

/**
 * The JSON body parser with a limit chosen by the caller: HQ and finance clerk access tokens get
 * `financeLimit`, everyone else (anonymous, dealers, partner keys, a bad token) `defaultLimit`.
 * The token is verified from the headers alone, before a byte of the body is read, so an
 * unauthenticated caller can never make the gateway buffer the larger size. A bad token only
 * gets the small limit here; the identity step refuses it afterwards with its own code.
 */
export function bodyLimit(options: { defaultLimit: string; financeLimit: string; secret: Uint8Array }): RequestHandler {
  const small = express.json({ limit: options.defaultLimit });
  const large = express.json({ limit: options.financeLimit });
  return (req: Request, res: Response, next: NextFunction): void => {
    largeBodyAllowed(req.headers.authorization, options.secret).then(
      (allowed) => (allowed ? large : small)(req, res, next),
      next,
    );
  };
}

async function largeBodyAllowed(authorization: string | undefined, secret: Uint8Array): Promise<boolean> {
  try {
    const viewer = await viewerFromAuthorization(authorization, secret);
    return viewer !== null && LARGE_BODY_ROLES.has(viewer.role);
  } catch {
    return false;
  }
}
