import { signViewerToken, type Viewer } from '@dnp/subgraph-kit/viewer';
import { decodeJwt } from 'jose';
import { viewerFromAuthorization } from './access-token.js';
import type { SessionClaims } from './session-revocation.js';

/** Lifetime of the internal viewer token, and how long before its expiry a cached one is replaced. */
const INTERNAL_TTL_SECONDS = 60;
const INTERNAL_RENEW_MS = 15_000;

/** A fresh copy, so no request can change another's viewer. */
export function copyViewer(viewer: Viewer | null): Viewer | null {
  return viewer
    ? {
        ...viewer,
        ...(viewer.regionPath ? { regionPath: [...viewer.regionPath] } : {}),
        ...(viewer.scopes ? { scopes: [...viewer.scopes] } : {}),
        ...(viewer.subDealerIds ? { subDealerIds: [...viewer.subDealerIds] } : {}),
      }
    : null;
}

/**
 * The internal tokens of one viewer, one per subgraph (each subgraph accepts only a token signed
 * for its own name). Signed lazily on first use and re-signed 15 s before expiry, so a subgraph
 * always gets a token with at least 15 s left, and repeated requests send it the same token,
 * which it answers from its verified-token cache.
 */
export class InternalTokens {
  private readonly bySubgraph = new Map<string, { token: Promise<string>; renewAt: number }>();

  constructor(
    private readonly secret: string,
    private readonly viewer: Viewer | null,
  ) {}

  /** The token for `subgraph`. */
  get(subgraph: string): Promise<string> {
    const now = Date.now();
    const cached = this.bySubgraph.get(subgraph);
    if (cached && cached.renewAt > now) return cached.token;
    const token = signViewerToken(this.secret, subgraph, this.viewer, INTERNAL_TTL_SECONDS);
    this.bySubgraph.set(subgraph, { token, renewAt: now + INTERNAL_TTL_SECONDS * 1000 - INTERNAL_RENEW_MS });
    token.catch(() => this.bySubgraph.delete(subgraph));
    return token;
  }
}

/** A request's viewer and the function that gives its internal token for a subgraph. */
export interface ResolvedViewer {
  viewer: Viewer | null;
  viewerToken: (subgraph: string) => Promise<string>;
  /** The access token's session (absent for anonymous callers and partner keys): checked against revocations. */
  session?: SessionClaims;
}

interface Entry {
  viewer: Viewer | null;
  /** When the access token expires (epoch ms); Infinity for the anonymous entry. */
  accessExpMs: number;
  tokens: InternalTokens;
  session?: SessionClaims;
}

/**
 * Per access token: the verified viewer and its internal tokens. The key is the whole
 * Authorization header, so an entry only ever serves the caller that presented exactly that
 * token; the access token's expiry is checked on every hit (an expired one is verified again and
 * refused). Bounded LRU. Saves the HMAC operations of verifying and signing on most requests.
 */
export class ViewerTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly authKey: Uint8Array,
    private readonly internalSecret: string,
    private readonly maxEntries = 10_000,
  ) {}

  /** The request's viewer (a fresh copy) and a function giving its internal token per subgraph. */
  async resolve(header: string | undefined): Promise<ResolvedViewer> {
    const key = header ?? '';
    const now = Date.now();
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      if (entry.accessExpMs <= now) entry = undefined;
    }
    if (!entry) {
      const viewer = await viewerFromAuthorization(header, this.authKey); // throws for a bad or expired token
      let accessExpMs = Infinity;
      let session: SessionClaims | undefined;
      if (header) {
        const { exp, iat, sid } = decodeJwt(header.trim().replace(/^Bearer\s+/i, ''));
        accessExpMs = typeof exp === 'number' ? exp * 1000 : now; // no exp: never reused
        if (viewer) session = { sessionId: typeof sid === 'string' ? sid : undefined, userId: viewer.userId, issuedAt: typeof iat === 'number' ? iat : 0, expMs: accessExpMs };
      }
      entry = { viewer: copyViewer(viewer), accessExpMs, tokens: new InternalTokens(this.internalSecret, viewer), session };
    }
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    if (entry.accessExpMs > now) this.entries.set(key, entry);
    const tokens = entry.tokens;
    return { viewer: copyViewer(entry.viewer), viewerToken: (subgraph) => tokens.get(subgraph), ...(entry.session ? { session: entry.session } : {}) };
  }
}
