import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * The Content-Security-Policy of every gateway response. The apps are built by vite into
 * external module scripts (no inline script: `e2e/security-edge.e2e.ts` checks their
 * index.html), so scripts come from the gateway's own origin only. Styles allow inline
 * attributes: Vue's `:style` bindings and ECharts' tooltips write style attributes. `connect-src
 * 'self'` covers `/graphql` over HTTP and the same-origin graphql-ws WebSocket (CSP 3 matches
 * ws:/wss: of the page's host under 'self'). Images may be data: URIs (the apps' inline favicon).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response carries (apps, API, health), whatever its status. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // Older browsers that ignore frame-ancestors.
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Sets the security headers on every response. `landingPage` leaves out the CSP for a browser
 * GET of `/graphql` in development, where Apollo's landing page (inline script, CDN) is served.
 */
export function securityHeaders(opts: { landingPage: boolean }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const browserGet = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    const landing = opts.landingPage && browserGet && req.path === '/graphql';
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!(landing && name === 'content-security-policy')) res.setHeader(name, value);
    }
    next();
  };
}

/** Allow-headers of a permitted cross-origin request. */
const ALLOW_HEADERS = 'content-type, authorization, x-api-key, apollo-require-preflight, x-request-id';

/** Parses `CORS_ORIGINS`: exact origins (scheme://host[:port]), or `*` for any (development only). */
export function parseCorsOrigins(text: string): { any: boolean; origins: ReadonlySet<string> } {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { any: list.includes('*'), origins: new Set(list.filter((o) => o !== '*')) };
}

/**
 * CORS for the API: only configured origins get `access-control-allow-origin` (their own origin,
 * never `*`), and the opaque origin `null` (sandboxed frames, file: pages, some redirects) never
 * does, even with `*`. A preflight from any other origin is answered 204 without allow
 * headers, so the browser refuses the request. No credentials (cookies) are involved: the API
 * authenticates with a bearer token or an API key the page must hold itself.
 */
export function corsPolicy(allowed: { any: boolean; origins: ReadonlySet<string> }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    res.setHeader('vary', 'origin');
    if (origin && origin !== 'null' && (allowed.origins.has(origin) || allowed.any)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-max-age', '600');
      // A partner's portal quotes the request id when it reports a problem, so it may read it.
      res.setHeader('access-control-expose-headers', 'x-request-id');
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}
