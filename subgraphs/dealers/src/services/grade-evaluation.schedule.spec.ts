import { demoNetwork } from '@dnp/demo-data';
import { AuditEntry, EventType, OutboxEvent } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { Dealer, DealerGrade } from '../entities/dealer.entity.js';
import { GradeEvaluation, GradeProposal } from '../entities/grade.entity.js';
import { dealersSubgraph } from '../subgraph.js';
import { FakePurchaseTotals } from './fake-purchase-totals.js';
import { dueEvaluationPeriod, evaluateDueMonth } from './grade-evaluation.schedule.js';
import { GradeEvaluationService } from './grade-evaluation.service.js';
import { OrderingBlockService } from './ordering-block.service.js';
import type { PurchaseTotalsSource } from './purchase-totals.js';

const TZ = 'Asia/Shanghai';
const { dealers: demoDealers } = demoNetwork();
const nj = demoDealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;

let db: TestSubgraph<DealersLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
}, 60_000);
afterAll(() => db?.close());

/** The evaluation over `source`, as the schedule and runGradeEvaluation build it. */
const gradesOver = (source: PurchaseTotalsSource) =>
  new GradeEvaluationService(source, new OrderingBlockService(TZ), TZ);

/** Totals that answer only after `release` is called, so two runs overlap. */
function gatedTotals(given: Map<string, number>) {
  let release!: () => void;
  const gate = new Promise<void>((ok) => (release = ok));
  let calls = 0;
  const source: PurchaseTotalsSource = {
    async totals() {
      calls++;
      await gate;
      return new Map(given);
    },
  };
  return { source, release, calls: () => calls };
}

describe('the monthly grade schedule', () => {
  it('is due from GRADE_EVALUATION_HOUR on the 1st (business time) and on every later day of the month', () => {
    // 2027-02-01 02:59 and 03:00 in Shanghai (UTC+8).
    expect(dueEvaluationPeriod(new Date('2027-01-31T18:59:00Z'), TZ, 3)).toBeNull();
    expect(dueEvaluationPeriod(new Date('2027-01-31T19:00:00Z'), TZ, 3)).toBe('2027-02');
    // A process started on the 12th catches the month's run up at once, whatever the hour.
    expect(dueEvaluationPeriod(new Date('2027-02-11T16:30:00Z'), TZ, 3)).toBe('2027-02');
    // 00:30 on 1 February in Shanghai, still 31 January in UTC: the brand's day decides (not due yet).
    expect(dueEvaluationPeriod(new Date('2027-01-31T16:30:00Z'), TZ, 3)).toBeNull();
  });

  it('evaluates once across replicas: the run holds the lease, the other answers RUNNING, then DONE', async () => {
    const em = () => db.orm.em.fork();
    const njRow = await em().findOneOrFail(Dealer, { id: nj.id });
    const up = njRow.grade === DealerGrade.A ? 0 : 300_000_000;
    const gated = gatedTotals(new Map([[nj.id, up]]));
    const [first, second] = [gradesOver(gated.source), gradesOver(gated.source)];
    const at = new Date('2026-10-05T02:00:00Z');

    const running = evaluateDueMonth(em(), first, TZ, 3, at);
    await expect.poll(() => gated.calls()).toBe(1);
    // A second replica's tick while the first works: the lease is taken, nothing is asked of orders.
    expect(await evaluateDueMonth(em(), second, TZ, 3, at)).toMatchObject({ period: '2026-10', status: 'RUNNING' });
    expect(gated.calls()).toBe(1);
    gated.release();
    expect(await running).toMatchObject({ period: '2026-10', status: 'DONE', dealers: 1, proposals: 1 });
    // Later ticks (any replica, any day of the month) answer the finished run.
    const later = await evaluateDueMonth(em(), second, TZ, 3, new Date('2026-10-20T02:00:00Z'));
    expect(later).toMatchObject({ status: 'DONE', proposals: 1 });
    expect(gated.calls()).toBe(1);

    expect(await em().count(GradeProposal, { period: '2026-10', dealerId: nj.id })).toBe(1);
    expect(await em().count(OutboxEvent, { type: EventType.GRADE_PROPOSALS_READY, subjectId: '2026-10' })).toBe(1);
    const audit = await em().find(AuditEntry, { operation: 'runGradeEvaluation', entityId: '2026-10' });
    expect(audit.map((a) => [a.actorId, a.actorRole])).toEqual([['dealers-grade-evaluation', 'SERVICE']]);
  });

  it('gives the lease back when orders does not answer, so the next tick evaluates at once', async () => {
    const em = () => db.orm.em.fork();
    const failing: PurchaseTotalsSource = {
      totals: () => Promise.reject(new Error('orders: SERVICE_UNAVAILABLE')),
    };
    const at = new Date('2026-09-03T02:00:00Z');
    await expect(evaluateDueMonth(em(), gradesOver(failing), TZ, 3, at)).rejects.toThrow('SERVICE_UNAVAILABLE');
    expect(await em().findOneOrFail(GradeEvaluation, { period: '2026-09' })).toMatchObject({ status: 'RUNNING' });

    const next = new Date(at.getTime() + 60_000);
    const done = await evaluateDueMonth(em(), gradesOver(new FakePurchaseTotals()), TZ, 3, next);
    expect(done).toMatchObject({ period: '2026-09', status: 'DONE', dealers: 0, proposals: 0 });
  });
});
