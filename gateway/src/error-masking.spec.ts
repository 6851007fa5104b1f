import { describe, expect, it } from 'vitest';
import { maskInternalError } from './error-masking.js';

const GENERIC = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

describe('maskInternalError', () => {
  it('masks uncoded, internal and downstream errors, keeping only the path', () => {
    expect(maskInternalError({ message: 'connect ECONNREFUSED 127.0.0.1:4007' }, true)).toEqual(GENERIC);
    expect(
      maskInternalError(
        {
          message: 'SqliteError: boom',
          path: ['a'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'products', stacktrace: ['at x'] },
        },
        false,
      ),
    ).toEqual({ ...GENERIC, path: ['a'] });
    expect(
      maskInternalError(
        { message: 'TypeError', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'orders' } },
        true,
      ),
    ).toEqual(GENERIC);
  });

  it('keeps coded errors and their own extensions, without the subgraph name or response', () => {
    expect(
      maskInternalError(
        {
          message: 'Order "x" was not found',
          extensions: { code: 'NOT_FOUND', entity: 'Order', id: 'x', serviceName: 'orders' },
        },
        true,
      ),
    ).toEqual({ message: 'Order "x" was not found', extensions: { code: 'NOT_FOUND', entity: 'Order', id: 'x' } });
    const unknown = { code: 'OUTCOME_UNKNOWN', retryable: true };
    expect(
      maskInternalError(
        { message: 'outcome unknown', extensions: { ...unknown, response: { url: 'http://10.0.0.5:4005/graphql' } } },
        true,
      ),
    ).toEqual({ message: 'outcome unknown', extensions: unknown });
  });

  it("unwraps a subgraph's non-2xx answer to its coded error, never its URL or body", () => {
    const wrapped = (body: unknown) => ({
      message: '400: Bad Request',
      path: ['orders'],
      extensions: { response: { url: 'http://127.0.0.1:4005/graphql', status: 400, body } },
    });
    expect(
      maskInternalError(
        wrapped({ errors: [{ message: 'bad date', extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } }] }),
        true,
      ),
    ).toEqual({ message: 'bad date', path: ['orders'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(maskInternalError(wrapped('<html>proxy error</html>'), true)).toEqual({ ...GENERIC, path: ['orders'] });
    expect(
      maskInternalError(
        wrapped({ errors: [{ message: 'SQLITE_ERROR', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
        true,
      ),
    ).toEqual({ ...GENERIC, path: ['orders'] });
  });
});
