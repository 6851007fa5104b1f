import { Agent } from 'undici';
import { AppError, ErrorCode } from './errors.js';
import { Role, SignedViewerTokens, VIEWER_HEADER, type Viewer } from './viewer.js';

/** A GraphQL error returned by another subgraph, with its code kept. */
export class ServiceCallError extends AppError {
  constructor(
    readonly service: string,
    code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(code, `${service}: ${message}`, { service });
  }
}

export interface ServiceClientOptions {
  /** Name of the calling service; becomes the SERVICE viewer's userId. */
  caller: string;
  /** Name of the called subgraph: the audience of the tokens this client signs, and for errors and logs. */
  target: string;
  /** The called subgraph's /graphql URL (direct, not through the gateway). */
  url: string;
  /** INTERNAL_JWT_SECRET shared with the called subgraph. */
  secret: string;
  timeoutMs?: number;
  connections?: number;
}

/**
 * Calls another subgraph directly as a service identity (role SERVICE), for the order saga's
 * steps. `actingFor` adds a dealer's claims (grade, region path) so the callee prices and
 * scopes as for that dealer. Transport failures and timeouts are retryable; GraphQL errors keep
 * the callee's code.
 */
/** Most acting-for identities whose token is kept (one per dealer the saga acts for). */
const SERVICE_TOKEN_CACHE_SIZE = 500;

export class ServiceClient {
  private readonly agent: Agent;
  private readonly origin: string;
  private readonly path: string;
  /** Signed tokens per acting-for identity (the JSON of the viewer claims). */
  private readonly tokens: SignedViewerTokens;

  constructor(private readonly opts: ServiceClientOptions) {
    this.tokens = new SignedViewerTokens(opts.secret, SERVICE_TOKEN_CACHE_SIZE);
    this.agent = new Agent({ connections: opts.connections ?? 32, keepAliveTimeout: 30_000 });
    const url = new URL(opts.url);
    this.origin = url.origin;
    this.path = `${url.pathname}${url.search}`;
  }

  async request<T>(
    query: string,
    variables: Record<string, unknown> = {},
    actingFor: Partial<Viewer> = {},
  ): Promise<T> {
    const viewer: Viewer = { ...actingFor, userId: this.opts.caller, role: Role.SERVICE };
    const token = await this.tokenFor(viewer);
    const timeout = this.opts.timeoutMs ?? 5000;
    let res;
    try {
      // The dispatcher's own request API: the WHATWG fetch layer (Request/Response/Headers
      // objects, an abort signal with a timer per call) cost more CPU than the call itself.
      res = await this.agent.request({
        origin: this.origin,
        path: this.path,
        method: 'POST',
        headers: { 'content-type': 'application/json', [VIEWER_HEADER]: token },
        body: JSON.stringify({ query, variables }),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (err) {
      throw new ServiceCallError(this.opts.target, 'SERVICE_UNAVAILABLE', (err as Error).message, true);
    }
    let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = (await res.body.json()) as typeof body;
    } catch (err) {
      res.body.destroy();
      throw new ServiceCallError(
        this.opts.target,
        'SERVICE_UNAVAILABLE',
        `HTTP ${res.statusCode} without a GraphQL body (${(err as Error).message})`,
        res.statusCode >= 500,
      );
    }
    if (body.errors?.length) {
      const first = body.errors[0]!;
      const code = first.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR;
      throw new ServiceCallError(this.opts.target, code, first.message, code === ErrorCode.INTERNAL_SERVER_ERROR);
    }
    return body.data as T;
  }

  /**
   * The signed token for `viewer`, reused until 15 s before it expires: the claims are the whole
   * key, so a token is only ever sent for exactly the identity it was signed for.
   */
  private tokenFor(viewer: Viewer): Promise<string> {
    return this.tokens.get(JSON.stringify(viewer, Object.keys(viewer).sort()), this.opts.target, viewer);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
