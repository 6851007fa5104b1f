import { demoNetwork } from '@dnp/demo-data';
import { EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { Dealer, DealerGrade } from '../entities/dealer.entity.js';
import { GradeProposal, GradeProposalStatus } from '../entities/grade.entity.js';
import { dealersSubgraph } from '../subgraph.js';
import { FakePurchaseTotals } from './fake-purchase-totals.js';
import { DEFAULT_GRADE_THRESHOLDS, GradeEvaluationService, gradeFor, windowOf } from './grade-evaluation.service.js';
import { OrderingBlockService } from './ordering-block.service.js';

const { dealers: demoDealers } = demoNetwork();
const js = demoDealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const nj = demoDealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, displayName: 'HQ Admin' };
const south: Viewer = {
  userId: 'usr_south_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_south',
  regionPath: ['reg_cn', 'reg_south'],
};

let db: TestSubgraph<DealersLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
}, 60_000);
afterAll(() => db?.close());

describe('grade rules', () => {
  it('gives the best grade whose threshold the purchases reach', () => {
    expect(gradeFor(300_000_000, DEFAULT_GRADE_THRESHOLDS)).toBe(DealerGrade.A);
    expect(gradeFor(299_999_999, DEFAULT_GRADE_THRESHOLDS)).toBe(DealerGrade.B);
    expect(gradeFor(30_000_000, DEFAULT_GRADE_THRESHOLDS)).toBe(DealerGrade.C);
    expect(gradeFor(0, DEFAULT_GRADE_THRESHOLDS)).toBe(DealerGrade.D);
  });

  it('evaluates the 12 months before the evaluation month', () => {
    expect(windowOf('2027-01')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(windowOf('2026-03')).toEqual({ from: '2025-03-01', to: '2026-02-28' });
  });
});

describe('runGradeEvaluation and decideGradeProposal', () => {
  it('proposes differing grades once per month, and an approval changes the grade with history and event', async () => {
    const em = db.orm.em.fork();
    const [jsRow, njRow] = [
      await em.findOneOrFail(Dealer, { id: js.id }),
      await em.findOneOrFail(Dealer, { id: nj.id }),
    ];
    const same = DEFAULT_GRADE_THRESHOLDS[jsRow.grade as 'A' | 'B' | 'C'] ?? 0;
    const up = njRow.grade === DealerGrade.A ? 0 : 300_000_000;
    const totals = new FakePurchaseTotals(
      new Map([
        [js.id, same],
        [nj.id, up],
      ]),
    );
    const grades = new GradeEvaluationService(totals, new OrderingBlockService('Asia/Shanghai'), 'Asia/Shanghai');

    expect((await grades.run(db.context(hq), '2999-01')).errors.map((e) => e.code)).toEqual(['PERIOD_INVALID']);
    const run = await grades.run(db.context(hq), '2026-11');
    expect(run.evaluation).toMatchObject({ status: 'DONE', dealers: 2, proposals: 1 });
    expect((await grades.run(db.context(hq), '2026-11')).evaluation).toMatchObject({ proposals: 1 });
    const ready = await em.find(OutboxEvent, { type: EventType.GRADE_PROPOSALS_READY });
    expect(ready.length).toBe(1);

    const page = await grades.list(db.context(hq), { status: GradeProposalStatus.PROPOSED });
    const proposal = page.edges.map((e) => e.node).find((p) => p.dealerId === nj.id)!;
    expect(proposal).toMatchObject({ currentGrade: njRow.grade, windowFrom: '2025-11-01', windowTo: '2026-10-31' });
    expect((await grades.list(db.context(south), {})).edges).toEqual([]);

    const decided = await grades.decide(db.context(hq), { id: proposal.id, decision: 'APPROVE', comment: 'grew' });
    expect(decided.proposal!.status).toBe(GradeProposalStatus.APPROVED);
    const after = await db.orm.em.fork().findOneOrFail(Dealer, { id: nj.id });
    expect(after.grade).toBe(proposal.proposedGrade);
    const history = await grades.history(db.context(hq), after);
    expect(history[0]).toMatchObject({ fromGrade: njRow.grade, toGrade: proposal.proposedGrade, source: 'PROPOSAL' });
    const changed = await em.find(OutboxEvent, { type: EventType.DEALER_CHANGED, subjectId: nj.id });
    expect(changed.at(-1)!.payload).toMatchObject({ change: 'GRADE', fromGrade: njRow.grade });
    const twice = await grades.decide(db.context(hq), { id: proposal.id, decision: 'REJECT' });
    expect(twice.errors.map((e) => e.code)).toEqual(['PROPOSAL_NOT_OPEN']);
    expect(await em.count(GradeProposal)).toBe(1);
  });
});
