import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { ErrorCode, UnauthenticatedError } from './errors.js';
import { TtlCache } from './ttl-cache.js';

/**
 * Roles a caller can hold (docs/domain.md, Access). SERVICE is the identity of one subgraph calling another.
 * WAREHOUSE_OPERATOR works in the warehouses of its `warehouseIds` claim; FINANCE_CLERK keeps the books
 * (reads every dealer's finance rows; acts on payments, bank lines and statements, never on orders or stock).
 */
export const Role = {
  HQ_ADMIN: 'HQ_ADMIN',
  REGION_MANAGER: 'REGION_MANAGER',
  DEALER_ADMIN: 'DEALER_ADMIN',
  DEALER_STAFF: 'DEALER_STAFF',
  PARTNER: 'PARTNER',
  SERVICE: 'SERVICE',
  WAREHOUSE_OPERATOR: 'WAREHOUSE_OPERATOR',
  FINANCE_CLERK: 'FINANCE_CLERK',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/**
 * The verified identity behind a request, as the gateway forwards it. Dealer users carry their
 * dealer's grade and region path so pricing and scoping need no extra lookups.
 */
export interface Viewer {
  /** User id, or the service name for SERVICE callers. */
  userId: string;
  role: Role;
  displayName?: string;
  dealerId?: string;
  dealerGrade?: string;
  /** The viewer's own region (a manager's region, or the dealer's home region). */
  regionId?: string;
  /** Region ids from the root down to `regionId`, for "most specific wins" lookups. */
  regionPath?: string[];
  /**
   * For PARTNER callers, what their API key allows: `CATALOG_READ` (catalogue and list prices
   * only) or `DEALER_READ` (read-only, the row scope of the key's `dealerId`).
   */
  scopes?: string[];
  /**
   * For dealer users, every dealer below theirs in the dealer tree (sub-dealers, their
   * sub-dealers, …), as the dealers subgraph signed it into the access token at login or refresh.
   * A parent dealer reads these dealers' rows read-only (DataScope).
   */
  subDealerIds?: string[];
  /**
   * For WAREHOUSE_OPERATOR users, the warehouses they work in (at most MAX_WAREHOUSE_CLAIMS), as the
   * dealers subgraph signed them into the access token at login or refresh (DataScope `warehouse`).
   */
  warehouseIds?: string[];
}

/** Most warehouse ids a viewer carries: an operator works in a handful; more are dropped, never widened. */
export const MAX_WAREHOUSE_CLAIMS = 50;

/** Header that carries the gateway-signed viewer token to subgraphs. */
export const VIEWER_HEADER = 'x-dnp-viewer';
const ISSUER = 'dnp-gateway';

/**
 * The audience a viewer token is signed for: one subgraph. A token captured on its way to one
 * subgraph (a log, a proxy) therefore cannot be replayed against another.
 */
export function viewerTokenAudience(subgraph: string): string {
  return `dnp-subgraph:${subgraph}`;
}

const keyCache = new Map<string, Uint8Array>();
function keyOf(secret: string): Uint8Array {
  let key = keyCache.get(secret);
  if (!key) {
    key = new TextEncoder().encode(secret);
    keyCache.set(secret, key);
  }
  return key;
}

/**
 * Signs the internal token the gateway (or a service) sends to the subgraph named `subgraph`
 * (only that subgraph accepts it). `viewer` is null for an anonymous caller: the token then only
 * proves the call came through the gateway.
 */
export async function signViewerToken(
  secret: string,
  subgraph: string,
  viewer: Viewer | null,
  ttlSeconds = 60,
): Promise<string> {
  return new SignJWT({ v: viewer })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(viewerTokenAudience(subgraph))
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(keyOf(secret));
}

/**
 * Lifetime of the internal tokens the gateway and services sign, and how long before expiry a cached
 * one is replaced.
 */
export const SIGNED_TOKEN_TTL_SECONDS = 60;
export const SIGNED_TOKEN_RENEW_MS = 15_000;

/**
 * Internal viewer tokens signed once and reused (the gateway's per viewer, a service client's per
 * acting-for identity): signed on first use and re-signed SIGNED_TOKEN_RENEW_MS before expiry,
 * so a subgraph always gets a token with at least that long left, and repeated calls send it the
 * same token, which it answers from its verified-token cache. Bounded LRU of `maxEntries`.
 */
export class SignedViewerTokens {
  private readonly tokens: TtlCache<Promise<string>>;

  constructor(
    private readonly secret: string,
    maxEntries: number,
  ) {
    this.tokens = new TtlCache(SIGNED_TOKEN_TTL_SECONDS * 1000 - SIGNED_TOKEN_RENEW_MS, maxEntries);
  }

  /**
   * The token of `viewer` for `subgraph`, cached under `key`: the caller makes the key name
   * exactly that subgraph and identity, so a token is only ever sent for what it was signed for.
   */
  get(key: string, subgraph: string, viewer: Viewer | null): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached) return cached;
    const token = signViewerToken(this.secret, subgraph, viewer, SIGNED_TOKEN_TTL_SECONDS);
    this.tokens.set(key, token);
    token.catch(() => this.tokens.delete(key));
    return token;
  }
}

/** Most verified tokens remembered per secret (the gateway signs one per request; 60 s each). */
export const VERIFIED_TOKEN_CACHE_SIZE = 1000;

/**
 * Tokens already verified under each secret and audience (one bounded LRU each). Keyed by the
 * whole token string, so a hit is the very token that passed the signature, issuer and audience
 * checks; an entry lives until the token expires, checked on every hit (an expired token misses
 * and is verified again, which refuses it). At most VERIFIED_TOKEN_CACHE_SIZE entries per secret
 * and audience.
 */
const verified = new Map<string, TtlCache<Viewer | null>>();

/** A fresh copy of `viewer`: every request gets its own object, so no request can change another's viewer. */
export function copyViewer(viewer: Viewer | null): Viewer | null {
  if (!viewer) return null;
  const copy: Viewer = { ...viewer };
  if (viewer.regionPath) copy.regionPath = [...viewer.regionPath];
  if (viewer.scopes) copy.scopes = [...viewer.scopes];
  if (viewer.subDealerIds) copy.subDealerIds = [...viewer.subDealerIds];
  if (viewer.warehouseIds) copy.warehouseIds = [...viewer.warehouseIds];
  return copy;
}

/**
 * Verifies an internal viewer token for the subgraph named `subgraph`; throws
 * GATEWAY_TOKEN_REQUIRED when it is missing, invalid or signed for another subgraph.
 */
export async function verifyViewerToken(
  secret: string,
  subgraph: string,
  token: string | undefined,
): Promise<Viewer | null> {
  if (!token) {
    throw new UnauthenticatedError(
      'Subgraphs only answer calls that come through the gateway',
      ErrorCode.GATEWAY_TOKEN_REQUIRED,
      401,
    );
  }
  const cacheKey = `${subgraph}\u0000${secret}`;
  let cache = verified.get(cacheKey);
  const hit = cache?.get(token);
  if (hit !== undefined) return copyViewer(hit);
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      issuer: ISSUER,
      audience: viewerTokenAudience(subgraph),
      algorithms: ['HS256'],
    });
    const viewer = (payload.v as Viewer | null) ?? null;
    if (typeof payload.exp === 'number') {
      if (!cache) verified.set(cacheKey, (cache = new TtlCache(Infinity, VERIFIED_TOKEN_CACHE_SIZE)));
      cache.set(token, copyViewer(viewer), payload.exp * 1000);
    }
    return viewer;
  } catch (err) {
    const expired = err instanceof joseErrors.JWTExpired;
    const foreign = err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud';
    throw new UnauthenticatedError(
      expired
        ? 'The gateway token has expired'
        : foreign
          ? `The gateway token was signed for another subgraph, not ${subgraph}`
          : 'The gateway token could not be verified',
      ErrorCode.GATEWAY_TOKEN_REQUIRED,
      401,
    );
  }
}

/** True for roles that act on behalf of one dealer. */
export function isDealerRole(role: Role | undefined): boolean {
  return role === Role.DEALER_ADMIN || role === Role.DEALER_STAFF;
}
