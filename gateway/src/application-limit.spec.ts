import { ApolloServer } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from './gateway-context.js';
import { applicationRateLimitPlugin } from './login-limits.js';
import { RateLimiterStore } from './rate-limits.js';

const typeDefs = `
  type Query { ok: Boolean }
  type Mutation { submitDealerApplication: Boolean, other: Boolean }
`;

async function server(perHour: number) {
  let runs = 0;
  const apollo = new ApolloServer<GatewayContext>({
    typeDefs,
    resolvers: { Mutation: { submitDealerApplication: () => ++runs > 0, other: () => true } },
    plugins: [applicationRateLimitPlugin(new RateLimiterStore(''), { perHour })],
  });
  await apollo.start();
  const send = async (query: string, clientIp: string) => {
    const contextValue = { viewer: null, requestId: 'r', clientIp, viewerToken: async () => '' };
    const res = await apollo.executeOperation({ query }, { contextValue });
    return res.body.kind === 'single' ? (res.body.singleResult.errors?.[0]?.extensions?.code ?? 'OK') : 'INCREMENTAL';
  };
  return { send, runs: () => runs };
}

describe('the application throttle', () => {
  it('allows APPLICATION_RATE_PER_HOUR applications per IP, aliases and fragments counted, then refuses', async () => {
    const { send, runs } = await server(3);
    expect(await send('mutation { submitDealerApplication }', '10.0.0.1')).toBe('OK');
    expect(
      await send(
        'mutation { a: submitDealerApplication ...F } fragment F on Mutation { b: submitDealerApplication }',
        '10.0.0.1',
      ),
    ).toBe('OK');
    expect(await send('mutation { submitDealerApplication }', '10.0.0.1')).toBe('RATE_LIMITED');
    expect(runs()).toBe(3);
    expect(await send('mutation { other }', '10.0.0.1')).toBe('OK');
    expect(await send('mutation { submitDealerApplication }', '10.0.0.2')).toBe('OK');
    expect(runs()).toBe(4);
  });

  it('refuses a whole operation holding more applications than the IP has left, running none', async () => {
    const { send, runs } = await server(2);
    expect(
      await send(
        'mutation { a: submitDealerApplication b: submitDealerApplication c: submitDealerApplication }',
        '10.0.0.3',
      ),
    ).toBe('RATE_LIMITED');
    expect(runs()).toBe(0);
    expect(await send('mutation { a: submitDealerApplication b: submitDealerApplication }', '10.0.0.3')).toBe('OK');
  });
});
