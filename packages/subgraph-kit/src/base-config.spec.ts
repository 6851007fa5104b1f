import { describe, expect, it } from 'vitest';
import { baseConfig, DEFAULT_BUSINESS_TIME_ZONE, isTimeZone } from './base-config.js';
import { baseSubgraphConfig, parseConfig } from './service-config.js';

describe('BUSINESS_TIME_ZONE in the base configuration', () => {
  it('defaults to Asia/Shanghai in the gateway base and every subgraph', () => {
    expect(DEFAULT_BUSINESS_TIME_ZONE).toBe('Asia/Shanghai');
    expect(baseConfig.parse({ PORT: '4000' }).BUSINESS_TIME_ZONE).toBe('Asia/Shanghai');
    expect(parseConfig(baseSubgraphConfig, { PORT: '4001' }, 'test').BUSINESS_TIME_ZONE).toBe('Asia/Shanghai');
  });

  it('takes any IANA zone Node knows, and UTC', () => {
    for (const tz of ['Europe/Berlin', 'America/New_York', 'Asia/Hong_Kong', 'UTC']) {
      expect(isTimeZone(tz), tz).toBe(true);
      expect(baseConfig.parse({ PORT: '1', BUSINESS_TIME_ZONE: tz }).BUSINESS_TIME_ZONE).toBe(tz);
    }
  });

  it('stops start-up on a name that is not a zone, or a fixed offset', () => {
    for (const tz of ['Asia/Beijing', 'Mars/Olympus', '+08:00', 'CST', '']) {
      expect(isTimeZone(tz), tz).toBe(false);
      expect(() => parseConfig(baseSubgraphConfig, { PORT: '1', BUSINESS_TIME_ZONE: tz }, 'test')).toThrow(
        /BUSINESS_TIME_ZONE: must be an IANA time zone/,
      );
    }
  });
});
