import type { ServiceClient } from '@dnp/subgraph-kit/service-client';
import { TtlCache } from '@dnp/subgraph-kit/ttl-cache';
import { copyViewer, Role, type Viewer } from '@dnp/subgraph-kit/viewer';
import { GraphQLError } from 'graphql';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isLimitReached, rateLimitedError, type RateLimiterStore } from './rate-limits.js';
import { InternalTokens, type ResolvedViewer } from './viewer-cache.js';

/** Code of a missing, unknown or revoked API key. */
export const INVALID_API_KEY = 'INVALID_API_KEY';

/** Longest key accepted (ours are 50 characters); longer ones are refused without a lookup. */
const MAX_KEY_LENGTH = 200;

/**
 * The API key a request presents, from `x-api-key` or `Authorization: ApiKey <key>`; undefined
 * when it presents none (it may still carry a bearer token).
 */
export function apiKeyFrom(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-api-key'];
  const direct = Array.isArray(header) ? header[0] : header;
  if (direct !== undefined) return direct.trim();
  const match = /^ApiKey\s+(\S+)$/i.exec(headers.authorization?.trim() ?? '');
  return match?.[1];
}

/** The refusal of a missing, unknown or revoked key (also of any key where the graph has no key lookup). */
export function invalidKey(): GraphQLError {
  return new GraphQLError('The API key is unknown or revoked', {
    extensions: { code: INVALID_API_KEY, http: { status: 401 } },
  });
}

/** What the dealers subgraph answers for a key hash. */
interface KeyIdentity {
  keyId: string;
  name: string;
  scope: string;
  rateLimitPerMinute: number;
  dealerId: string | null;
  dealerGrade: string | null;
  regionId: string | null;
  regionPath: string[] | null;
}

/** A looked-up key; null when unknown or revoked. */
type Identity = { viewer: Viewer; rateLimitPerMinute: number; tokens: InternalTokens } | null;

const IDENTITY_QUERY = `query PartnerKeyIdentity($keyHash: String!) {
  partnerKeyIdentity(keyHash: $keyHash) { keyId name scope rateLimitPerMinute dealerId dealerGrade regionId regionPath }
}`;

/**
 * Turns a presented partner API key into a PARTNER viewer and enforces the key's rate limit.
 * Keys are looked up by their SHA-256 at the dealers subgraph (as the SERVICE identity) and the
 * answer, found or not, is reused for `ttlMs`: a revoked key stops working within that time.
 */
export class PartnerKeys {
  private readonly entries: TtlCache<Identity>;
  private readonly inflight = new Map<string, Promise<Identity>>();

  constructor(
    private readonly dealers: ServiceClient,
    private readonly internalSecret: string,
    private readonly limits: RateLimiterStore,
    ttlMs: number,
    maxEntries = 10_000,
  ) {
    this.entries = new TtlCache(ttlMs, maxEntries);
  }

  /**
   * The viewer behind `key` after counting the request against its limit; INVALID_API_KEY or
   * RATE_LIMITED otherwise.
   */
  async resolve(key: string): Promise<ResolvedViewer> {
    if (!key || key.length > MAX_KEY_LENGTH) throw invalidKey();
    const hash = createHash('sha256').update(key).digest('hex');
    const identity = await this.identity(hash);
    if (!identity) throw invalidKey();
    const { viewer, rateLimitPerMinute, tokens } = identity;
    try {
      await this.limits.limiter('partner', rateLimitPerMinute, 60).consume(viewer.userId);
    } catch (err) {
      if (isLimitReached(err))
        throw rateLimitedError(
          `The API key's limit of ${rateLimitPerMinute} requests per minute is used up`,
          err.msBeforeNext,
        );
      throw err;
    }
    return { viewer: copyViewer(viewer), viewerToken: (subgraph) => tokens.get(subgraph) };
  }

  private async identity(hash: string): Promise<Identity> {
    const cached = this.entries.get(hash);
    if (cached !== undefined) return cached;
    let pending = this.inflight.get(hash);
    if (!pending) {
      // One lookup per key at a time, however many requests arrive while it runs.
      pending = this.lookup(hash).finally(() => this.inflight.delete(hash));
      this.inflight.set(hash, pending);
    }
    return pending;
  }

  private async lookup(hash: string): Promise<Identity> {
    const data = await this.dealers.request<{ partnerKeyIdentity: KeyIdentity | null }>(IDENTITY_QUERY, {
      keyHash: hash,
    });
    const found = data.partnerKeyIdentity;
    let identity: Identity = null;
    if (found) {
      const viewer: Viewer = {
        userId: found.keyId,
        role: Role.PARTNER,
        displayName: found.name,
        scopes: [found.scope],
      };
      if (found.dealerId) {
        viewer.dealerId = found.dealerId;
        if (found.dealerGrade) viewer.dealerGrade = found.dealerGrade;
        if (found.regionId) viewer.regionId = found.regionId;
        if (found.regionPath) viewer.regionPath = found.regionPath;
      }
      identity = {
        viewer,
        rateLimitPerMinute: found.rateLimitPerMinute,
        tokens: new InternalTokens(this.internalSecret, viewer),
      };
    }
    // Unknown keys are remembered too, so guessing costs the dealers subgraph one lookup per TTL.
    this.entries.set(hash, identity);
    return identity;
  }

  close(): Promise<void> {
    return this.dealers.close();
  }
}
