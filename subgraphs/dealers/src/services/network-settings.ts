import { DEFAULT_BUSINESS_TIME_ZONE } from '@dnp/subgraph-kit';

/** The dealer-lifecycle settings (config.ts reads them from the environment; tests use the defaults). */
export interface NetworkSettings {
  /** The brand's business time zone: dates in messages, expiry thresholds and evaluation months. */
  timeZone: string;
}

/** The settings when nothing is configured (docs/design/network-administration.md §16). */
export const DEFAULT_NETWORK_SETTINGS: NetworkSettings = {
  timeZone: DEFAULT_BUSINESS_TIME_ZONE,
};
