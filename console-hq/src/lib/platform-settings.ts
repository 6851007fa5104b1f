import { setBusinessTimeZone } from '@dnp/web-kit';
import { PlatformSettingsQuery } from '@/graphql/auth';
import { urqlClient } from './urql-client';

/**
 * Adopts the brand's settings from the API before the app renders: dates and "this month" follow
 * the business time zone. When the API cannot answer, the platform's default zone stays.
 */
export async function loadPlatformSettings(): Promise<void> {
  const result = await urqlClient.value.query(PlatformSettingsQuery, {}).toPromise();
  const settings = result.data?.platformSettings;
  if (settings) setBusinessTimeZone(settings.businessTimeZone);
}
