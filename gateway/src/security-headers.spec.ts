import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('CORS_ORIGINS', () => {
  const secrets = { AUTH_JWT_SECRET: 'a'.repeat(40), INTERNAL_JWT_SECRET: 'b'.repeat(40) };
  it('allows no origin by default', () => {
    expect(loadConfig({}).corsOrigins).toEqual({ any: false, origins: new Set() });
  });
  it('refuses * in production, and anything that is not an origin', () => {
    expect(() => loadConfig({ ...secrets, NODE_ENV: 'production', CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'null' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS/);
    expect(
      loadConfig({ ...secrets, NODE_ENV: 'production', CORS_ORIGINS: 'https://a.example, http://b.example:8080' })
        .corsOrigins.origins,
    ).toEqual(new Set(['https://a.example', 'http://b.example:8080']));
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins.any).toBe(true);
  });
});
