import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { REQUEST_ID_HEADER, requestIdFrom } from '@dnp/subgraph-kit/request-id';
import { VIEWER_HEADER } from '@dnp/subgraph-kit/viewer';
import type { GatewayContext } from './gateway-context.js';

/**
 * Sends each subgraph request with the viewer token the gateway signed for this request and this
 * subgraph (no other subgraph accepts it), and the request id for log correlation.
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
}
