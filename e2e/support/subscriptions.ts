import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** One message a subscriber received (graphql-ws `next` payload). */
export interface LiveMessage<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { event?: { id: string; type: string; occurredAt: string; position: string } };
}

/** A graphql-ws subscription that records its messages, its error and how its connection closed. */
export interface LiveSubscription<T = any> {
  messages: LiveMessage<T>[];
  error: unknown;
  closed: { code: number; reason: string } | null;
  /** Resolves once the server acknowledged the connection (rejects when it closed first). */
  connected: Promise<void>;
  /** Polls (bounded) until `predicate` holds for the recorded messages. */
  waitFor(predicate: (messages: LiveMessage<T>[]) => boolean, timeoutMs?: number): Promise<LiveMessage<T>[]>;
  dispose(): Promise<void>;
}

/** The gateway's WebSocket URL for its HTTP `/graphql` URL. */
export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

/**
 * Opens a graphql-ws connection to `httpUrl` (as `ws://`) with `authorization` in the
 * connection params (omitted when null) and starts one subscription. No retries: a refused
 * connection is recorded in `closed`.
 */
export function subscribe<T = any>(
  httpUrl: string,
  authorization: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): LiveSubscription<T> {
  const messages: LiveMessage<T>[] = [];
  let ack!: () => void;
  let nack!: (e: unknown) => void;
  const connected = new Promise<void>((ok, fail) => {
    ack = ok;
    nack = fail;
  });
  connected.catch(() => undefined);
  const sub: LiveSubscription<T> = {
    messages,
    error: null,
    closed: null,
    connected,
    async waitFor(predicate, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > until)
          throw new Error(
            `timed out after ${timeoutMs} ms; received ${JSON.stringify(messages).slice(0, 800)}; error ` +
              `${JSON.stringify(sub.error)}; closed ${JSON.stringify(sub.closed)}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
      return messages;
    },
    async dispose() {
      unsubscribe();
      await client.dispose();
    },
  };
  const client: Client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    // Refusals are recorded in `closed`; the default would print the close event.
    onNonLazyError: () => undefined,
    connectionParams: authorization ? { authorization } : {},
    on: {
      connected: () => ack(),
      closed: (e) => {
        const ev = e as { code: number; reason: string };
        sub.closed = { code: ev.code, reason: String(ev.reason) };
        nack(new Error(`closed ${ev.code} ${ev.reason}`));
      },
    },
  });
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (m) => void messages.push(m as LiveMessage<T>),
      error: (e) => void (sub.error = e),
      complete: () => undefined,
    },
  );
  return sub;
}
