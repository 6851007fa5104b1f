import { Grant } from '@dnp/subgraph-kit';
import { Authorized, Query, Resolver } from 'type-graphql';
import { PlatformSettings } from '../schema/platform-settings.type.js';

/** Answers the brand-wide settings; built once from the configuration. */
export function createPlatformSettingsResolver(settings: PlatformSettings) {
  @Resolver(() => PlatformSettings)
  class PlatformSettingsResolver {
    // Public: the login page already shows dates, and nothing here is a secret.
    @Authorized(Grant.ANYONE)
    @Query(() => PlatformSettings, {
      description: 'Brand-wide settings the apps follow (time zone, rebate share). Public.',
    })
    platformSettings(): PlatformSettings {
      return settings;
    }
  }
  return PlatformSettingsResolver;
}
