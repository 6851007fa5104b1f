import { OperationTypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isTransportFailure, transportFailureError } from './transport-errors.js';

describe('transport failures of subgraph calls', () => {
  it('recognizes closed, reset, refused and timed-out calls, also when wrapped', () => {
    expect(isTransportFailure(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))).toBe(true);
    expect(
      isTransportFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4005'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(
      isTransportFailure(Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' })),
    ).toBe(true);
    expect(
      isTransportFailure(
        new Error('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }),
      ),
    ).toBe(true);
    expect(isTransportFailure(new Error('socket hang up'))).toBe(true);
  });

  it('leaves answers that arrived alone (HTTP errors, GraphQL errors, bugs)', () => {
    expect(isTransportFailure(new Error('500: Internal Server Error'))).toBe(false);
    expect(isTransportFailure(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isTransportFailure(undefined)).toBe(false);
  });

  it('codes mutations OUTCOME_UNKNOWN (placeOrder: same key) and queries SUBGRAPH_UNAVAILABLE, both retryable', () => {
    const place = transportFailureError(OperationTypeNode.MUTATION, ['placeOrder']);
    expect(place.extensions).toEqual({ code: 'OUTCOME_UNKNOWN', retryable: true });
    expect(place.message).toMatch(/same idempotency key/);
    expect(transportFailureError(OperationTypeNode.MUTATION, ['cancelOrder']).extensions.code).toBe('OUTCOME_UNKNOWN');
    expect(transportFailureError(OperationTypeNode.QUERY, ['orders']).extensions).toEqual({
      code: 'SUBGRAPH_UNAVAILABLE',
      retryable: true,
    });
  });
});
