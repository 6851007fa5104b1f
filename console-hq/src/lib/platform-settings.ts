import { setBusinessTimeZone } from '@dnp/web-kit';
import { PlatformSettingsQuery } from '@/graphql/auth';
import { urqlClient } from './urql-client';

/**
 * Adopts the brand's settings from the API: dates and "this month" follow the business time zone from
 * then on. Until it answers, or when it cannot, the platform's default zone (Asia/Shanghai) applies.
 */
export async function loadPlatformSettings(): Promise<void> {
  const result = await urqlClient.value.query(PlatformSettingsQuery, {}).toPromise();
  const settings = result.data?.platformSettings;
  if (settings) setBusinessTimeZone(settings.businessTimeZone);
}
