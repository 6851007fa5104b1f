import { baseConfig, DEV_SECRET } from '@dnp/subgraph-kit/base-config';
import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { applyApolloEnvironment, loadConfig } from './config.js';

describe('gateway configuration', () => {
  it('agrees with a subgraph on the shared fields and their defaults; only PORT differs', () => {
    const gateway = loadConfig({});
    const subgraph = parseConfig(baseSubgraphConfig, { PORT: '4001' }, 'products');
    const shared = Object.keys(baseConfig.shape).filter((key) => key !== 'PORT') as (keyof typeof gateway &
      keyof typeof subgraph)[];
    expect(shared).toEqual(
      expect.arrayContaining([
        'NODE_ENV',
        'HOST',
        'LOG_LEVEL',
        'INTERNAL_JWT_SECRET',
        'EXIT_WITH_PARENT',
        'EVENT_BUS',
        'REDIS_URL',
        'EVENT_STREAM_PREFIX',
      ]),
    );
    for (const key of shared) expect([key, gateway[key]]).toEqual([key, subgraph[key]]);
    expect(gateway.INTERNAL_JWT_SECRET).toBe(DEV_SECRET);
    expect(gateway.PORT).toBe(4000);
    expect(subgraph.PORT).toBe(4001);
  });

  it('refuses the development secrets and a redis bus without REDIS_URL, like the subgraphs', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET: must be set in production/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/INTERNAL_JWT_SECRET: must be set in production/);
    expect(() => parseConfig(baseSubgraphConfig, { NODE_ENV: 'production', PORT: '4001' }, 'products')).toThrow(
      /INTERNAL_JWT_SECRET: must be set in production/,
    );
    expect(() => loadConfig({ EVENT_BUS: 'redis' })).toThrow(/REDIS_URL: required when EVENT_BUS=redis/);
    expect(() => parseConfig(baseSubgraphConfig, { EVENT_BUS: 'redis', PORT: '4001' }, 'products')).toThrow(
      /REDIS_URL: required when EVENT_BUS=redis/,
    );
  });

  it("turns Apollo's usage telemetry off unless the operator opts in (@apollo/gateway reads the process env)", () => {
    const before = process.env.APOLLO_TELEMETRY_DISABLED;
    try {
      delete process.env.APOLLO_TELEMETRY_DISABLED;
      applyApolloEnvironment(loadConfig({}));
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
      applyApolloEnvironment(loadConfig({ APOLLO_TELEMETRY_DISABLED: '0' }));
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('false');
      expect(() => loadConfig({ APOLLO_TELEMETRY_DISABLED: 'maybe' })).toThrow(/APOLLO_TELEMETRY_DISABLED/);
    } finally {
      if (before === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
      else process.env.APOLLO_TELEMETRY_DISABLED = before;
    }
  });
});
