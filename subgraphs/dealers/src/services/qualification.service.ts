import { businessDate, daysBetween } from '@dnp/subgraph-kit';
import { config } from '../config.js';
import type { Qualification } from '../entities/qualification.entity.js';

/** Validity of a dealer's licences. */
export class QualificationService {
  /** True once the licence's validity has passed. */
  expired(q: Pick<Qualification, 'validUntil'>, now = new Date()): boolean {
    return q.validUntil.getTime() < now.getTime();
  }

  /**
   * Business days from today to the licence's last valid day, in the brand's zone: 0 on that day,
   * negative once it has passed. The same count the expiry scanner compares with its 30- and 7-day
   * thresholds, so the banner and the alert never disagree by a day around midnight.
   */
  expiresInDays(q: Pick<Qualification, 'validUntil'>, now = new Date(), timeZone = config.BUSINESS_TIME_ZONE): number {
    return daysBetween(businessDate(now, timeZone), businessDate(q.validUntil, timeZone));
  }
}
