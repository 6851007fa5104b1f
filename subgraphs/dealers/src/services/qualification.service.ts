import type { Qualification } from '../entities/qualification.entity.js';

const DAY_MS = 86_400_000;

/** Validity of a dealer's licences. */
export class QualificationService {
  /** True once the licence's validity has passed. */
  expired(q: Pick<Qualification, 'validUntil'>, now = new Date()): boolean {
    return q.validUntil.getTime() < now.getTime();
  }

  /**
   * Whole days left before the licence expires, rounded down: 0 within its last 24 hours,
   * negative once expired (−1 during the first day after expiry).
   */
  expiresInDays(q: Pick<Qualification, 'validUntil'>, now = new Date()): number {
    return Math.floor((q.validUntil.getTime() - now.getTime()) / DAY_MS);
  }
}
