import { businessDate, businessHour, runPeriodically, type Logger } from '@dnp/subgraph-kit';
import type { MikroORM } from '@mikro-orm/core';
import type { QualificationAlertScanner } from './qualification-alert.scanner.js';

/** How often the schedule looks whether today's scan is due. */
const CHECK_MS = 10 * 60_000;

/**
 * Runs the licence expiry scan once a business day from `scanHour` on (a process started later
 * in the day scans at once; the scan is idempotent, so a restart scanning again raises nothing twice).
 */
export function scheduleQualificationScan(
  orm: MikroORM,
  scanner: QualificationAlertScanner,
  timeZone: string,
  scanHour: number,
  log: Logger,
): () => Promise<void> {
  let lastDay: string | null = null;
  const tick = async () => {
    const now = new Date();
    const day = businessDate(now, timeZone);
    if (day === lastDay || businessHour(now, timeZone) < scanHour) return;
    const result = await scanner.scan(orm.em, now);
    lastDay = day;
    if (result.raised || result.cleared) log.info(result, 'qualification expiry alerts scanned');
  };
  return runPeriodically('qualification expiry scan', CHECK_MS, tick, log);
}
