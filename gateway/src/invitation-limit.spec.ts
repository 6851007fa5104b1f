import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from './gateway-context.js';
import { invitationRateLimitPlugin } from './login-limits.js';
import { RateLimiterStore } from './rate-limits.js';

// acceptInvitation as dealers answers it: an AuthPayload for a good token, INVITATION_INVALID otherwise.
const typeDefs = `
  type Query { ok: Boolean }
  type AuthPayload { accessToken: String! }
  type Mutation { acceptInvitation(token: String!): AuthPayload, other: Boolean }
`;

/** A gateway-like server with the invitation throttle at `perHour`; `tries` counts what reached "dealers". */
async function invitationServer(perHour: number) {
  let tries = 0;
  const apollo = new ApolloServer<GatewayContext>({
    typeDefs,
    resolvers: {
      Mutation: {
        acceptInvitation: (_: unknown, { token }: { token: string }) => {
          tries++;
          if (token !== 'good') throw new GraphQLError('not valid', { extensions: { code: 'INVITATION_INVALID' } });
          return { accessToken: 'signed' };
        },
        other: () => true,
      },
    },
    plugins: [invitationRateLimitPlugin(new RateLimiterStore(''), { perHour })],
  });
  await apollo.start();
  /** The codes of the answer, in order ('OK' when none). */
  const codes = async (query: string, clientIp: string) => {
    const contextValue = { viewer: null, requestId: 'r', clientIp, viewerToken: async () => '' };
    const res = await apollo.executeOperation({ query }, { contextValue });
    if (res.body.kind !== 'single') return 'INCREMENTAL';
    return (res.body.singleResult.errors ?? []).map((e) => e.extensions?.code).join() || 'OK';
  };
  return { codes, tries: () => tries };
}

const bad = (alias = 'a') => `${alias}: acceptInvitation(token: "guess") { accessToken }`;
const good = 'acceptInvitation(token: "good") { accessToken }';

describe('the invitation throttle', () => {
  it('counts refused links per IP (aliases and fragments too), then refuses everything for the hour', async () => {
    const { codes, tries } = await invitationServer(3);
    expect(await codes(`mutation { ${bad()} }`, '10.1.0.1')).toBe('INVITATION_INVALID');
    expect(await codes(`mutation { ${bad('x')} ...F } fragment F on Mutation { ${bad('y')} }`, '10.1.0.1')).toBe(
      'INVITATION_INVALID,INVITATION_INVALID',
    );
    expect(tries()).toBe(3);
    // Used up: even a good link waits, and does not reach dealers; other fields and other IPs are unaffected.
    expect(await codes(`mutation { ${good} }`, '10.1.0.1')).toBe('RATE_LIMITED');
    expect(tries()).toBe(3);
    expect(await codes('mutation { other }', '10.1.0.1')).toBe('OK');
    expect(await codes(`mutation { ${bad()} }`, '10.1.0.2')).toBe('INVITATION_INVALID');
  });

  it('gives an accepted link its attempt back, and refuses an operation holding more than is left', async () => {
    const { codes, tries } = await invitationServer(2);
    for (let i = 0; i < 5; i++) expect(await codes(`mutation { ${good} }`, '10.1.0.3')).toBe('OK');
    expect(await codes(`mutation { ${bad('a')} ${bad('b')} ${bad('c')} }`, '10.1.0.3')).toBe('RATE_LIMITED');
    expect(tries()).toBe(5);
    // One good and one bad in one operation: only the bad one stays counted, so one attempt is left.
    expect(await codes(`mutation { g: ${good} ${bad()} }`, '10.1.0.3')).toBe('INVITATION_INVALID');
    expect(await codes(`mutation { ${bad()} }`, '10.1.0.3')).toBe('INVITATION_INVALID');
    expect(await codes(`mutation { ${bad()} }`, '10.1.0.3')).toBe('RATE_LIMITED');
  });
});
