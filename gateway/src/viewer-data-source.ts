import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { REQUEST_ID_HEADER, requestIdFrom } from '@dnp/subgraph-kit/request-id';
import { VIEWER_HEADER } from '@dnp/subgraph-kit/viewer';
import { Kind } from 'graphql';
import type { GatewayContext } from './gateway-context.js';
import { isTransportFailure, transportFailureError } from './transport-errors.js';

/**
 * Sends each subgraph request with the viewer token the gateway signed for this request and this
 * subgraph (no other subgraph accepts it), and the request id for log correlation. A call that
 * fails in transport (the subgraph died mid-request, refused or dropped the connection, timed
 * out) answers with a coded, retryable error (OUTCOME_UNKNOWN for mutations, SUBGRAPH_UNAVAILABLE
 * for queries) instead of the transport's text.
 */
export class ViewerForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    fetcher: Fetcher,
  ) {
    super({ url, fetcher });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!request.http) return;
    // Apollo's own health checks and schema fetches carry no request context.
    const ctx = context as Partial<GatewayContext>;
    if (ctx.viewerToken) request.http.headers.set(VIEWER_HEADER, await ctx.viewerToken(this.subgraph));
    // Only a well-formed id leaves the gateway, whatever set the context.
    if (ctx.requestId) request.http.headers.set(REQUEST_ID_HEADER, requestIdFrom(ctx.requestId));
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    try {
      return await super.process(options);
    } catch (err) {
      // Health checks and schema loads carry no client request: their errors stay as they are.
      if (!('incomingRequestContext' in options) || !isTransportFailure(err)) throw err;
      const operation = options.incomingRequestContext.operation;
      const rootFields =
        operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
      // The transport's own text names hosts and sockets: logged here, never sent to the client.
      options.incomingRequestContext.logger?.warn?.(
        `subgraph ${this.subgraph} failed in transport: ${(err as Error).message}`,
      );
      throw transportFailureError(operation?.operation, rootFields);
    }
  }
}
