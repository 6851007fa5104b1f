import { businessDate, DEFAULT_BUSINESS_TIME_ZONE, takeDocumentNumber } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { ApplicationDocument, ApplicationStatus, DealerApplication } from '../entities/dealer-application.entity.js';
import { DealerLevel } from '../entities/dealer.entity.js';
import { Qualification, QualificationKind } from '../entities/qualification.entity.js';
import { creditCodeCheckCharacter } from '../services/credit-code.rule.js';

const DAY_MS = 86_400_000;

/** The demo dealers the lifecycle additions touch. */
export interface NetworkAdminSeedDealers {
  /** The documented Jiangsu agent: its GSP certificate expires in 20 days (alerts, no block yet). */
  jiangsuId: string;
  /** A dealer that does not order (suspended): its required licence has expired. */
  nonOrderingId: string;
}

/**
 * The network-administration demo rows (docs/design/network-administration.md §15), in the seed's
 * transaction: a required GSP certificate expiring in 20 days, a required licence already expired
 * on a dealer that does not order, and one SUBMITTED application in East China (Suzhou) waiting
 * for `east_manager`.
 */
export async function seedNetworkAdmin(
  tx: EntityManager,
  qualifications: Qualification[],
  dealers: NetworkAdminSeedDealers,
  now: Date,
  endOfChinaDay: (now: Date, days: number) => Date,
): Promise<void> {
  const jsGsp = qualifications.find(
    (q) => q.dealerId === dealers.jiangsuId && q.kind === QualificationKind.GSP_CERTIFICATE,
  );
  if (jsGsp)
    await tx.nativeUpdate(Qualification, { id: jsGsp.id }, { validUntil: endOfChinaDay(now, 20), required: true });
  const stale = qualifications.find(
    (q) => q.dealerId === dealers.nonOrderingId && q.kind === QualificationKind.FOOD_DISTRIBUTION_LICENSE,
  );
  if (stale)
    await tx.nativeUpdate(Qualification, { id: stale.id }, { validUntil: endOfChinaDay(now, -10), required: true });

  const today = businessDate(now, DEFAULT_BUSINESS_TIME_ZONE);
  const day = today.replaceAll('-', '');
  const seq = await takeDocumentNumber(tx, `AP${day}`, Number(day.slice(0, 4)));
  const first17 = '91320500MA1DEM001';
  const creditCode = first17 + creditCodeCheckCharacter(first17)!;
  const app = Object.assign(new DealerApplication(), {
    id: 'app_demo_suzhou',
    number: `AP${day}${String(seq).padStart(4, '0')}`,
    status: ApplicationStatus.SUBMITTED,
    version: 1,
    companyName: '苏州禾润食品商贸有限公司',
    companyNameEn: 'Suzhou Herun Food Trading Co., Ltd.',
    creditCode,
    liveCreditCode: creditCode,
    legalRepresentative: '陈静',
    address: '江苏省苏州市工业园区星湖街328号',
    levelApplied: DealerLevel.REGIONAL_DEALER,
    regionId: 'reg_js',
    regionPath: '/reg_cn/reg_east/reg_js/',
    parentDealerId: dealers.jiangsuId,
    contactName: '陈静',
    contactPhone: '13962112345',
    contactEmail: 'chenjing@herun.example.cn',
    businessScope: 'FOOD',
    wantsWarehouse: false,
    note: '希望从江苏省代进货 / would buy from the Jiangsu agent',
    submittedAt: new Date(now.getTime() - DAY_MS),
    submitterIpHash: null,
    dealerId: null,
  });
  tx.persist(app);
  const doc = (id: string, kind: QualificationKind, number: string, years: number) =>
    Object.assign(new ApplicationDocument(), {
      id,
      applicationId: app.id,
      kind,
      number,
      issuer: '苏州市市场监督管理局',
      validUntil: businessDate(new Date(now.getTime() + years * 365 * DAY_MS), DEFAULT_BUSINESS_TIME_ZONE),
      uploadId: `upl_demo_${id}`,
      blobKey: null,
      contentType: 'application/pdf',
      byteSize: null,
    });
  tx.persist(doc('apd_demo_bl', QualificationKind.BUSINESS_LICENSE, creditCode, 20));
  tx.persist(doc('apd_demo_food', QualificationKind.FOOD_DISTRIBUTION_LICENSE, 'JY13205000012345', 4));
  await tx.flush();
}
