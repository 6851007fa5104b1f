import { TtlCache } from '@dnp/subgraph-kit/ttl-cache';
import { copyViewer, SignedViewerTokens, type Viewer } from '@dnp/subgraph-kit/viewer';
import { decodeJwt } from 'jose';
import { viewerFromAuthorization } from './access-token.js';
import type { SessionClaims } from './session-revocation.js';

/** Bound of one viewer's tokens: more than there are subgraphs. */
const MAX_SUBGRAPHS = 32;

/**
 * The internal tokens of one viewer, one per subgraph (each subgraph accepts only a token signed
 * for its own name), signed once and renewed before expiry (the kit's `SignedViewerTokens`).
 */
export class InternalTokens {
  private readonly bySubgraph: SignedViewerTokens;

  constructor(
    secret: string,
    private readonly viewer: Viewer | null,
  ) {
    this.bySubgraph = new SignedViewerTokens(secret, MAX_SUBGRAPHS);
  }

  /** The token for `subgraph`. */
  get(subgraph: string): Promise<string> {
    return this.bySubgraph.get(subgraph, subgraph, this.viewer);
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
  /**
   * Each entry lives until its access token expires (the anonymous one until evicted); one with no
   * expiry is not kept.
   */
  private readonly entries: TtlCache<Entry>;

  constructor(
    private readonly authKey: Uint8Array,
    private readonly internalSecret: string,
    maxEntries = 10_000,
  ) {
    this.entries = new TtlCache(Infinity, maxEntries);
  }

  /** The request's viewer (a fresh copy) and a function giving its internal token per subgraph. */
  async resolve(header: string | undefined): Promise<ResolvedViewer> {
    const key = header ?? '';
    const now = Date.now();
    let entry = this.entries.get(key);
    if (!entry) {
      const viewer = await viewerFromAuthorization(header, this.authKey); // throws for a bad or expired token
      let accessExpMs = Infinity;
      let session: SessionClaims | undefined;
      if (header) {
        const { exp, iat, sid } = decodeJwt(header.trim().replace(/^Bearer\s+/i, ''));
        accessExpMs = typeof exp === 'number' ? exp * 1000 : now; // no exp: never reused
        if (viewer)
          session = {
            sessionId: typeof sid === 'string' ? sid : undefined,
            userId: viewer.userId,
            issuedAt: typeof iat === 'number' ? iat : 0,
            expMs: accessExpMs,
          };
      }
      entry = { viewer: copyViewer(viewer), tokens: new InternalTokens(this.internalSecret, viewer), session };
      this.entries.set(key, entry, accessExpMs);
    }
    const tokens = entry.tokens;
    return {
      viewer: copyViewer(entry.viewer),
      viewerToken: (subgraph) => tokens.get(subgraph),
      ...(entry.session ? { session: entry.session } : {}),
    };
  }
}
