import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';
import { z } from 'zod';
import { DEV_AUTH_JWT_SECRET, type AuthSettings } from './services/auth.service.js';
import type { NetworkSettings } from './services/network-settings.js';

const schema = baseSubgraphConfig
  .extend({
    /** HS256 secret of the access tokens `login` signs; the gateway verifies them with the same secret. */
    AUTH_JWT_SECRET: z.string().min(32).optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  })
  // A well-known development secret must never sign production tokens.
  .refine((c) => c.NODE_ENV !== 'production' || c.AUTH_JWT_SECRET !== undefined, {
    path: ['AUTH_JWT_SECRET'],
    message: 'required when NODE_ENV=production',
  })
  .transform((c) => ({ ...c, AUTH_JWT_SECRET: c.AUTH_JWT_SECRET ?? DEV_AUTH_JWT_SECRET }));

/** The dealers subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(schema, { PORT: '4002', ...process.env }, 'dealers');
export type Config = typeof config;

/** The token settings the auth service needs, taken from the configuration. */
export function authSettingsOf(c: Config): AuthSettings {
  return {
    jwtSecret: c.AUTH_JWT_SECRET,
    accessTtlSeconds: c.ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlDays: c.REFRESH_TOKEN_TTL_DAYS,
  };
}

/** The dealer-lifecycle settings (network administration), taken from the configuration. */
export function networkSettingsOf(c: Config): NetworkSettings {
  return {
    timeZone: c.BUSINESS_TIME_ZONE,
  };
}
