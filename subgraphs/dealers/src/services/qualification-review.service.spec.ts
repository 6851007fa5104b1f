import { demoNetwork } from '@dnp/demo-data';
import { AuditEntry, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph, stageUploads } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { Dealer } from '../entities/dealer.entity.js';
import { QualificationAlert } from '../entities/qualification-alert.entity.js';
import { Qualification, QualificationKind, QualificationStatus } from '../entities/qualification.entity.js';
import { dealersSubgraph } from '../subgraph.js';
import { OrderingBlockService } from './ordering-block.service.js';
import { QualificationAlertScanner } from './qualification-alert.scanner.js';
import { QualificationReviewService } from './qualification-review.service.js';

const { dealers: demoDealers } = demoNetwork();
const js = demoDealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const nj = demoDealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const DAY = 86_400_000;

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const east: Viewer = {
  userId: 'usr_east_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: nj.id, regionId: 'reg_js_nj' };
const jsAdmin: Viewer = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: js.id, regionId: 'reg_js' };

let db: TestSubgraph<DealersLoaders>;
const blocks = new OrderingBlockService('Asia/Shanghai');
const reviews = new QualificationReviewService(blocks, 'Asia/Shanghai');
const scanner = new QualificationAlertScanner('Asia/Shanghai');

/** A required GSP certificate of `dealerId` valid until `validUntil`. */
async function gsp(id: string, dealerId: string, validUntil: Date): Promise<void> {
  await db.orm.em.fork().insert(Qualification, {
    ...new Qualification(),
    id,
    dealerId,
    kind: QualificationKind.GSP_CERTIFICATE,
    number: `GSP-${id}`,
    issuer: '江苏省药品监督管理局',
    validUntil,
    required: true,
  });
}

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
}, 60_000);
afterAll(() => db?.close());

describe('licence renewal and review', () => {
  it('blocks on an expired required licence until an approved renewal lifts it', async () => {
    await gsp('qlf_spec_old', nj.id, new Date(Date.now() - DAY));
    const dealer = await db.orm.em.fork().findOneOrFail(Dealer, { id: nj.id });
    expect(await blocks.of(db.orm.em.fork(), dealer)).toMatchObject({ code: 'QUALIFICATION_EXPIRED' });

    const input = { qualificationId: 'qlf_spec_old', number: 'GSP-NEW', issuer: '江苏省药监局', uploadId: 'upl_r' };
    const past = await reviews.submitRenewal(db.context(njAdmin), { ...input, validUntil: '2020-01-01' });
    expect(past.errors.map((e) => e.code)).toEqual(['VALID_UNTIL_NOT_LATER']);
    // A parent reads its sub-dealer's licences but does not renew them.
    await expect(
      reviews.submitRenewal(db.context(jsAdmin), { ...input, validUntil: '2031-01-01' }),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });

    await stageUploads(db.orm.em.fork(), ['upl_r'], 'QUALIFICATION_DOCUMENT', njAdmin.userId);
    const sent = await reviews.submitRenewal(db.context(njAdmin), { ...input, validUntil: '2031-01-01' });
    expect(sent.qualification).toMatchObject({
      status: QualificationStatus.PENDING_REVIEW,
      replacesId: 'qlf_spec_old',
    });
    const twice = await reviews.submitRenewal(db.context(njAdmin), { ...input, validUntil: '2032-01-01' });
    expect(twice.errors.map((e) => e.code)).toEqual(['RENEWAL_PENDING']);
    expect(await blocks.of(db.orm.em.fork(), dealer)).toMatchObject({ code: 'QUALIFICATION_EXPIRED' });

    const id = sent.qualification!.id;
    const reject = await reviews.review(db.context(east), { id, decision: 'REJECT' });
    expect(reject.errors.map((e) => e.code)).toEqual(['COMMENT_REQUIRED']);
    const approved = await reviews.review(db.context(east), { id, decision: 'APPROVE', comment: 'ok' });
    expect(approved.qualification).toMatchObject({ status: QualificationStatus.ACTIVE, reviewComment: 'ok' });
    const em = db.orm.em.fork();
    expect((await em.findOneOrFail(Qualification, { id: 'qlf_spec_old' })).status).toBe(QualificationStatus.SUPERSEDED);
    expect(await blocks.of(em, dealer)).toBeNull();
    const changed = await em.find(OutboxEvent, { type: EventType.DEALER_CHANGED, subjectId: nj.id });
    expect(changed.at(-1)!.payload).toMatchObject({ change: 'QUALIFICATION', orderingBlocked: false });
    expect(await em.count(AuditEntry, { operation: 'reviewQualification', entityId: id })).toBe(1);
    const again = await reviews.review(db.context(hq), { id, decision: 'APPROVE' });
    expect(again.errors.map((e) => e.code)).toEqual(['QUALIFICATION_NOT_PENDING']);
  });
});

describe('expiry alerts', () => {
  it('raises each threshold once per licence, most urgent crossed first, and resolves on renewal', async () => {
    const now = new Date();
    await gsp('qlf_spec_20', js.id, new Date(now.getTime() + 20 * DAY));
    await gsp('qlf_spec_5', js.id, new Date(now.getTime() + 5 * DAY));
    await gsp('qlf_spec_gone', js.id, new Date(now.getTime() - 2 * DAY));
    await scanner.scan(db.orm.em, now);
    const mine = async () =>
      (await db.orm.em.fork().find(QualificationAlert, { qualificationId: { $like: 'qlf_spec_%' } }))
        .map((a) => [a.qualificationId, a.thresholdDays, a.resolvedAt == null] as const)
        .sort();
    expect(await mine()).toEqual([
      ['qlf_spec_20', 30, true],
      ['qlf_spec_5', 7, true],
      ['qlf_spec_gone', 0, true],
    ]);
    await scanner.scan(db.orm.em, now);
    expect((await mine()).length).toBe(3);
    // Fifteen days on, the 20-day licence crosses 7 days: a second alert, the first stays.
    await scanner.scan(db.orm.em, new Date(now.getTime() + 15 * DAY));
    expect((await mine()).filter(([q]) => q === 'qlf_spec_20').map(([, t]) => t)).toEqual([30, 7]);

    const events = await db.orm.em.fork().find(OutboxEvent, { type: EventType.QUALIFICATION_EXPIRING });
    expect(events.some((e) => (e.payload as { qualificationId: string }).qualificationId === 'qlf_spec_5')).toBe(true);
    const page = await scanner.list(db.context(jsAdmin), { first: 100, open: true });
    expect(page.edges.every((e) => e.node.dealerId === js.id)).toBe(true);
    const alert = page.edges.find((e) => e.node.qualificationId === 'qlf_spec_5')!.node;
    const acked = await scanner.acknowledge(db.context(jsAdmin), alert.id);
    expect(acked.acknowledgedBy).toBe(jsAdmin.userId);

    await stageUploads(db.orm.em.fork(), ['upl_5'], 'QUALIFICATION_DOCUMENT', jsAdmin.userId);
    const renewal = await reviews.submitRenewal(db.context(jsAdmin), {
      qualificationId: 'qlf_spec_5',
      number: 'GSP-5B',
      issuer: '江苏省药监局',
      validUntil: '2031-05-05',
      uploadId: 'upl_5',
    });
    await reviews.review(db.context(hq), { id: renewal.qualification!.id, decision: 'APPROVE' });
    // The 7-day alert and the expiry one the later scan raised both resolve.
    expect((await mine()).filter(([q]) => q === 'qlf_spec_5')).toEqual([
      ['qlf_spec_5', 0, false],
      ['qlf_spec_5', 7, false],
    ]);
  });
});
