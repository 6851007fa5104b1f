import { randomUUID } from 'node:crypto';

/** The header that carries a request's id from the client through the gateway to every subgraph. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What a request id may look like: 1 to 60 of letters, digits and `. _ : -` (60 is the audit
 * log's column). Anything else (spaces, quotes, markup, control characters, a longer text) could
 * forge log lines or smuggle content into the audit log, so it is never kept.
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,60}$/;

/**
 * The request id to use for a request: the caller's `x-request-id` when it is one well-formed
 * value, otherwise a fresh UUID. The gateway and every subgraph call this (a subgraph can be
 * called directly, so it never trusts the header either).
 */
export function requestIdFrom(header: string | readonly string[] | undefined): string {
  const value = Array.isArray(header) ? (header.length === 1 ? header[0] : undefined) : (header as string | undefined);
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}
