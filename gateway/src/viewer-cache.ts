import { signViewerToken, type Viewer } from '@dnp/subgraph-kit/viewer';
import { decodeJwt } from 'jose';
import { viewerFromAuthorization } from './access-token.js';

/** Lifetime of the internal viewer token, and how long before its expiry a cached one is replaced. */
const INTERNAL_TTL_SECONDS = 60;
const INTERNAL_RENEW_MS = 15_000;

interface Entry {
  viewer: Viewer | null;
  /** When the access token expires (epoch ms); Infinity for the anonymous entry. */
  accessExpMs: number;
  internal: Promise<string>;
  renewAt: number;
}

function copy(viewer: Viewer | null): Viewer | null {
  return viewer ? { ...viewer, ...(viewer.regionPath ? { regionPath: [...viewer.regionPath] } : {}) } : null;
}

/**
 * Per access token: the verified viewer and the internal token signed for it. The key is the
 * whole Authorization header, so an entry only ever serves the caller that presented exactly that
 * token; the access token's expiry is checked on every hit (an expired one is verified again and
 * refused), and the internal token is re-signed 15 s before it expires, so subgraphs always get a
 * token with at least 15 s left. Bounded LRU. Saves two HMAC operations per gateway request and
 * lets subgraphs answer the repeated internal token from their verified-token cache.
 */
export class ViewerTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly authKey: Uint8Array,
    private readonly internalSecret: string,
    private readonly maxEntries = 10_000,
  ) {}

  /** The request's viewer (a fresh copy) and a function giving its internal token. */
  async resolve(header: string | undefined): Promise<{ viewer: Viewer | null; viewerToken: () => Promise<string> }> {
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
      if (header) {
        const exp = decodeJwt(header.trim().replace(/^Bearer\s+/i, '')).exp;
        accessExpMs = typeof exp === 'number' ? exp * 1000 : now; // no exp: never reused
      }
      entry = { viewer: copy(viewer), accessExpMs, internal: undefined as unknown as Promise<string>, renewAt: 0 };
    }
    if (entry.renewAt <= now) {
      entry.internal = signViewerToken(this.internalSecret, entry.viewer, INTERNAL_TTL_SECONDS);
      entry.renewAt = now + INTERNAL_TTL_SECONDS * 1000 - INTERNAL_RENEW_MS;
    }
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    if (entry.accessExpMs > now) this.entries.set(key, entry);
    const internal = entry.internal;
    return { viewer: copy(entry.viewer), viewerToken: () => internal };
  }
}
