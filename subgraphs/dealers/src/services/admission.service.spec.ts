import { AuditEntry, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, stageUploads, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { ApplicationStatus, BusinessScope, DealerApplication } from '../entities/dealer-application.entity.js';
import { DealerLevel, DealerStatus } from '../entities/dealer.entity.js';
import { Qualification, QualificationKind } from '../entities/qualification.entity.js';
import { User, UserRole } from '../entities/user.entity.js';
import { dealersSubgraph } from '../subgraph.js';
import { AdmissionService } from './admission.service.js';
import { creditCodeCheckCharacter } from './credit-code.rule.js';
import type { DealerApplicationRequest } from './dealer-application.rule.js';
import { DealerApplicationService } from './dealer-application.service.js';
import { DealerStatusService } from './dealer-status.service.js';
import { InvitationService } from './invitation.service.js';
import { DEFAULT_NETWORK_SETTINGS } from './network-settings.js';
import { OrderingBlockService } from './ordering-block.service.js';
import { SessionService } from './session.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, displayName: 'HQ Admin' };
const east: Viewer = {
  userId: 'usr_east_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const south: Viewer = {
  userId: 'usr_south_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_south',
  regionPath: ['reg_cn', 'reg_south'],
};

/** A well-formed credit code from 17 characters. */
const code = (first17: string) => first17 + creditCodeCheckCharacter(first17)!;

const application = (over: Partial<DealerApplicationRequest> = {}): DealerApplicationRequest => ({
  companyName: '南京鲜达食品贸易有限公司',
  companyNameEn: 'Nanjing Xianda Food Trading Co., Ltd.',
  creditCode: code('91320100MA1XYW123'),
  legalRepresentative: '王强',
  address: '江苏省南京市玄武区中山路1号',
  levelApplied: DealerLevel.REGIONAL_DEALER,
  regionId: 'reg_js_nj',
  contactName: '王强',
  contactPhone: '13812345678',
  contactEmail: 'wang@example.cn',
  businessScopes: [BusinessScope.FOOD],
  wantsWarehouse: false,
  documents: [
    {
      kind: QualificationKind.BUSINESS_LICENSE,
      number: 'BL-1',
      issuer: '南京市市场监督管理局',
      validUntil: '2040-01-01',
      uploadId: 'upl_1',
    },
    {
      kind: QualificationKind.FOOD_DISTRIBUTION_LICENSE,
      number: 'JY1',
      issuer: '南京市市场监督管理局',
      validUntil: '2030-06-30',
      uploadId: 'upl_2',
    },
  ],
  ...over,
});

let db: TestSubgraph<DealersLoaders>;
const applications = new DealerApplicationService('Asia/Shanghai');
const admissions = new AdmissionService(applications, DEFAULT_NETWORK_SETTINGS, new InvitationService());
const blocks = new OrderingBlockService('Asia/Shanghai');

async function counts() {
  const em = db.orm.em.fork();
  return [await em.count(DealerApplication), await em.count(AuditEntry), await em.count(OutboxEvent)];
}
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
}, 60_000);
afterAll(() => db?.close());

describe('submitDealerApplication', () => {
  it('refuses each invalid field with its own code and writes nothing', async () => {
    const before = await counts();
    const anon = () => db.context(null);
    const bad = await applications.submit(
      anon(),
      application({
        creditCode: '91320100MA1XYW1230',
        contactPhone: '12345',
        contactEmail: 'nope',
        businessScopes: [BusinessScope.FOOD, BusinessScope.DRUG],
      }),
    );
    expect(codes(bad)).toEqual(['CREDIT_CODE_INVALID', 'PHONE_INVALID', 'EMAIL_INVALID', 'DOCUMENT_REQUIRED']);
    expect(bad.errors.find((e) => e.code === 'DOCUMENT_REQUIRED')!.message).toContain('GSP_CERTIFICATE');
    const expired = application({ regionId: 'reg_nowhere', parentDealerCode: 'D99999' });
    expired.documents[1]!.validUntil = '2020-01-01';
    expect(codes(await applications.submit(anon(), expired))).toEqual([
      'DOCUMENT_EXPIRED',
      'REGION_UNKNOWN',
      'PARENT_UNKNOWN',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('seeds one SUBMITTED application in East China for the demo', async () => {
    const seeded = await db.orm.em.fork().findOneOrFail(DealerApplication, { id: 'app_demo_suzhou' });
    expect(seeded).toMatchObject({ status: ApplicationStatus.SUBMITTED, regionPath: '/reg_cn/reg_east/reg_js/' });
  });

  it('stores a valid application with documents, event and anonymous audit; a second is a duplicate', async () => {
    await stageUploads(db.orm.em.fork(), ['upl_1', 'upl_2'], 'APPLICATION_DOCUMENT', null);
    const done = await applications.submit(db.context(null), application());
    expect(done.errors).toEqual([]);
    expect(done.number).toMatch(/^AP\d{12}$/);
    const em = db.orm.em.fork();
    const app = await em.findOneOrFail(DealerApplication, { number: done.number! });
    expect(app).toMatchObject({
      status: ApplicationStatus.SUBMITTED,
      regionPath: '/reg_cn/reg_east/reg_js/reg_js_nj/',
    });
    const event = await em.findOneOrFail(OutboxEvent, {
      type: EventType.DEALER_APPLICATION_CHANGED,
      subjectId: app.id,
    });
    expect(event.payload).toMatchObject({ toStatus: 'SUBMITTED', fromStatus: null, regionId: 'reg_js_nj' });
    expect(await em.findOneOrFail(AuditEntry, { entityId: app.id })).toMatchObject({ actorId: 'anonymous' });
    const again = await applications.submit(db.context(null), application({ companyName: '同一家公司' }));
    expect(codes(again)).toEqual(['APPLICATION_DUPLICATE']);
  });
});

describe('reviewDealerApplication', () => {
  let app: DealerApplication;
  beforeAll(async () => {
    await stageUploads(db.orm.em.fork(), ['upl_1', 'upl_2'], 'APPLICATION_DOCUMENT', null);
    const r = await applications.submit(db.context(null), application({ creditCode: code('91320100MA1ADMXT1') }));
    app = await db.orm.em.fork().findOneOrFail(DealerApplication, { number: r.number! });
  });

  it('keeps the queue to the region: other managers see nothing, HQ waits for the region review', async () => {
    const page = await applications.list(db.context(east), { first: 50 });
    expect(page.edges.map((e) => e.node.id)).toContain(app.id);
    expect((await applications.list(db.context(south), { first: 50 })).edges).toEqual([]);
    await expect(
      admissions.review(db.context(south), { id: app.id, expectedVersion: 1, decision: 'APPROVE' }),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const early = await admissions.review(db.context(hq), { id: app.id, expectedVersion: 1, decision: 'APPROVE' });
    expect(codes(early)).toEqual(['APPLICATION_NOT_PENDING']);
    const noComment = await admissions.review(db.context(east), { id: app.id, expectedVersion: 1, decision: 'REJECT' });
    expect(codes(noComment)).toEqual(['COMMENT_REQUIRED']);
  });

  it("moves to REGION_APPROVED on the manager's approval, then HQ admits the dealer in one transaction", async () => {
    const first = await admissions.review(db.context(east), { id: app.id, expectedVersion: 1, decision: 'APPROVE' });
    expect(first.application).toMatchObject({ status: ApplicationStatus.REGION_APPROVED, version: 2 });
    const stale = await admissions.review(db.context(hq), { id: app.id, expectedVersion: 1, decision: 'APPROVE' });
    expect(codes(stale)).toEqual(['VERSION_CONFLICT']);
    const badLimit = await admissions.review(db.context(hq), {
      id: app.id,
      expectedVersion: 2,
      decision: 'APPROVE',
      creditLimit: '12,000',
    });
    expect(codes(badLimit)).toEqual(['AMOUNT_INVALID']);

    const admitted = await admissions.review(db.context(hq), {
      id: app.id,
      expectedVersion: 2,
      decision: 'APPROVE',
      grade: 'C' as never,
      adminUsername: 'xianda_admin',
    });
    expect(admitted.errors).toEqual([]);
    expect(admitted.invitationUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const dealer = admitted.dealer!;
    expect(dealer).toMatchObject({ status: DealerStatus.ACTIVE, grade: 'C', level: DealerLevel.REGIONAL_DEALER });
    expect(dealer.code).toMatch(/^D\d{5}$/);
    expect(dealer.dealerPath).toBe(`/${dealer.id}/`);
    expect(admitted.application).toMatchObject({ status: ApplicationStatus.APPROVED, dealerId: dealer.id });

    const em = db.orm.em.fork();
    const licences = await em.find(Qualification, { dealerId: dealer.id }, { orderBy: { kind: 'asc' } });
    expect(licences.map((q) => [q.kind, q.required])).toEqual([
      [QualificationKind.BUSINESS_LICENSE, true],
      [QualificationKind.FOOD_DISTRIBUTION_LICENSE, true],
    ]);
    const admin = await em.findOneOrFail(User, { username: 'xianda_admin' });
    expect(admin).toMatchObject({ role: UserRole.DEALER_ADMIN, dealerId: dealer.id, active: false, passwordHash: '!' });
    const history = await new DealerStatusService(new SessionService(3600), blocks).history(db.context(hq), dealer);
    expect(history.map((h) => [h.fromStatus, h.toStatus])).toEqual([[DealerStatus.APPLICANT, DealerStatus.ACTIVE]]);
    const event = await em.findOneOrFail(OutboxEvent, { type: EventType.DEALER_ADMITTED, subjectId: dealer.id });
    expect(event.payload).toMatchObject({ initialCreditLimitMinor: 20_000_000, termDays: 30, createWarehouse: false });
    expect(await blocks.of(em, dealer)).toBeNull();

    const twice = await admissions.review(db.context(hq), { id: app.id, expectedVersion: 3, decision: 'APPROVE' });
    expect(codes(twice)).toEqual(['APPLICATION_NOT_PENDING']);
  });
});
