import { describe, expect, it } from 'vitest';
import { DealerStatus } from '../entities/dealer.entity.js';
import { Qualification, QualificationKind, QualificationStatus } from '../entities/qualification.entity.js';
import { DEALER_NOT_ACTIVE, orderingBlockOf, QUALIFICATION_EXPIRED } from './ordering-block.rule.js';

const now = new Date('2026-12-07T04:00:00Z');
const tz = 'Asia/Shanghai';

function licence(id: string, validUntil: string, over: Partial<Qualification> = {}): Qualification {
  return Object.assign(new Qualification(), {
    id,
    dealerId: 'dlr_x',
    kind: QualificationKind.GSP_CERTIFICATE,
    number: `GSP-${id}`,
    issuer: '江苏省药品监督管理局',
    validUntil: new Date(validUntil),
    required: true,
    ...over,
  });
}

const facts = (qualifications: Qualification[], status = DealerStatus.ACTIVE) => ({
  status,
  statusSince: new Date('2026-12-06T20:00:00Z'),
  statusReason: 'overdue receivables',
  qualifications,
});

describe('orderingBlockOf', () => {
  it('answers null for an active dealer whose required licences are in force', () => {
    expect(orderingBlockOf(facts([licence('q1', '2027-01-01T00:00:00Z')]), now, tz)).toBeNull();
  });

  it('blocks a suspended dealer first, with the business date of the change and its reason', () => {
    const block = orderingBlockOf(facts([licence('q1', '2026-01-01T00:00:00Z')], DealerStatus.SUSPENDED), now, tz);
    expect(block).toMatchObject({ code: DEALER_NOT_ACTIVE, qualification: null });
    // 20:00 UTC on the 6th is the 7th in Shanghai.
    expect(block!.message).toBe('The dealer is SUSPENDED since 2026-12-07: overdue receivables');
  });

  it('blocks on the earliest expired required licence, ignoring optional, renewed and superseded rows', () => {
    const optional = licence('q0', '2026-10-01T00:00:00Z', { required: false });
    const superseded = licence('q1', '2026-10-02T00:00:00Z', { status: QualificationStatus.SUPERSEDED });
    const renewed = licence('q2', '2026-10-03T00:00:00Z');
    const successor = licence('q2b', '2029-10-03T00:00:00Z', { replacesId: 'q2' });
    const later = licence('q4', '2026-11-30T00:00:00Z');
    const earliest = licence('q3', '2026-11-01T00:00:00Z');
    const block = orderingBlockOf(facts([optional, superseded, renewed, successor, later, earliest]), now, tz);
    expect(block).toMatchObject({ code: QUALIFICATION_EXPIRED, since: earliest.validUntil });
    expect(block!.qualification!.id).toBe('q3');
    expect(block!.message).toContain('GSP-q3 expired on 2026-11-01');
  });

  it('does not count a pending renewal as a successor', () => {
    const old = licence('q1', '2026-11-01T00:00:00Z');
    const pending = licence('q1b', '2028-11-01T00:00:00Z', {
      replacesId: 'q1',
      status: QualificationStatus.PENDING_REVIEW,
    });
    expect(orderingBlockOf(facts([old, pending]), now, tz)?.qualification?.id).toBe('q1');
  });

  it('treats validUntil as the last valid instant', () => {
    expect(orderingBlockOf(facts([licence('q1', now.toISOString())]), now, tz)).toBeNull();
  });
});
