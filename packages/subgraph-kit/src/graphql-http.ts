import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ErrorCode, INTERNAL_ERROR_MESSAGE } from './errors.js';

/** Largest request body `/graphql` accepts (bytes). */
export const MAX_BODY_BYTES = 1024 * 1024;

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    .end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Serves Apollo Server on a plain node `http` handler through its integration API
 * (`executeHTTPGraphQLRequest`), as `@as-integrations/express5` does, without express's router,
 * body parser and response helpers in between: every internal call of the order saga and every
 * subscription re-read crosses a subgraph's `/graphql`, so that per-request overhead counts. The
 * body is read up to `maxBytes` (413 PAYLOAD_TOO_LARGE past it) and parsed as JSON when the
 * content type says so (400 BAD_REQUEST when malformed); Apollo checks the rest (method,
 * content type, CSRF headers) exactly as with express.
 */
export function graphqlHttpHandler<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: (req: IncomingMessage) => Promise<C>,
  maxBytes = MAX_BODY_BYTES,
  /** Where a failure outside Apollo (reading the body, the context) is logged; the caller sees only a generic 500. */
  log?: Pick<Logger, 'error'>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    let body: unknown;
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          sendError(res, 413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes`);
          req.resume();
          return;
        }
        chunks.push(chunk);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (text && /\bjson\b/i.test(headers.get('content-type') ?? '')) {
        try {
          body = JSON.parse(text);
        } catch {
          sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON');
          return;
        }
      }
    }
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers,
        search: query >= 0 ? url.slice(query) : '',
        body,
      },
      context: () => context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      // The message may name internals (a driver, a file); the log keeps it, the caller gets none.
      log?.error({ err, url: req.url }, 'graphql request failed');
      if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, INTERNAL_ERROR_MESSAGE);
      else res.destroy(err as Error);
    });
  };
}
