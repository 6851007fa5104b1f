import { businessDate } from '@dnp/subgraph-kit';
import { DealerStatus } from '../entities/dealer.entity.js';
import { QualificationStatus, type Qualification } from '../entities/qualification.entity.js';

/** Code of a block for a dealer that is not ACTIVE (suspended, terminated, not yet admitted). */
export const DEALER_NOT_ACTIVE = 'DEALER_NOT_ACTIVE';
/** Code of a block for a dealer whose required licence has expired without an approved renewal. */
export const QUALIFICATION_EXPIRED = 'QUALIFICATION_EXPIRED';

/** Why a dealer may not order now (`Dealer.orderingBlock`); the order saga's refusal repeats it. */
export interface OrderingBlock {
  code: typeof DEALER_NOT_ACTIVE | typeof QUALIFICATION_EXPIRED;
  message: string;
  since: Date;
  /** The expired licence, for QUALIFICATION_EXPIRED. */
  qualification: Qualification | null;
}

/** What the rule reads about one dealer. */
export interface OrderingBlockFacts {
  status: DealerStatus;
  /** When the dealer entered its current status (its latest status change, else when it joined). */
  statusSince: Date;
  /** The reason written with that change, if any. */
  statusReason: string | null;
  /** Every qualification row of the dealer (any status). */
  qualifications: readonly Qualification[];
}

/**
 * Whether the dealer may order at `now`: null when it may; else the status block first (a
 * suspended dealer says why), then the earliest-expired **required** qualification that is
 * ACTIVE, past `validUntil` and has no ACTIVE successor (an approved renewal supersedes its row, so
 * a successor normally leaves the old row SUPERSEDED; the successor check covers a renewal
 * approved between two reads). Computed from rows on every call: no stored flag to drift.
 */
export function orderingBlockOf(facts: OrderingBlockFacts, now: Date, timeZone: string): OrderingBlock | null {
  if (facts.status !== DealerStatus.ACTIVE) {
    const day = businessDate(facts.statusSince, timeZone);
    const why = facts.statusReason ? `: ${facts.statusReason}` : '';
    return {
      code: DEALER_NOT_ACTIVE,
      message: `The dealer is ${facts.status} since ${day}${why}`,
      since: facts.statusSince,
      qualification: null,
    };
  }
  const renewed = new Set(
    facts.qualifications
      .filter((q) => q.status === QualificationStatus.ACTIVE && q.replacesId != null)
      .map((q) => q.replacesId!),
  );
  const expired = facts.qualifications
    .filter(
      (q) =>
        q.required &&
        q.status === QualificationStatus.ACTIVE &&
        q.validUntil.getTime() < now.getTime() &&
        !renewed.has(q.id),
    )
    .sort((a, b) => a.validUntil.getTime() - b.validUntil.getTime() || a.id.localeCompare(b.id));
  const first = expired[0];
  if (!first) return null;
  return {
    code: QUALIFICATION_EXPIRED,
    message:
      `The ${first.kind} ${first.number} expired on ${businessDate(first.validUntil, timeZone)}; ` +
      'the dealer may order again once a renewed licence is approved',
    since: first.validUntil,
    qualification: first,
  };
}
