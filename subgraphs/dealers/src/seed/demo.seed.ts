import {
  DEMO_PASSWORD,
  demoNetwork,
  intBetween,
  pick,
  seededRandom,
  type DemoDealer,
  type DemoRegion,
  type DemoUser,
} from '@dnp/demo-data';
import type { Logger } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { Dealer, DealerAuthorizedRegion, DealerGrade, DealerLevel, DealerStatus } from '../entities/dealer.entity.js';
import { Qualification, QualificationKind } from '../entities/qualification.entity.js';
import { Region, RegionLevel } from '../entities/region.entity.js';
import { User, UserRole } from '../entities/user.entity.js';
import { UserWarehouse } from '../entities/user-warehouse.entity.js';
import { PasswordService } from '../services/password.service.js';
import { seedNetworkAdmin } from './network-admin.seed.js';

const DAY_MS = 86_400_000;

/** Usernames documented in the README; each gets its own argon2id hash (the rest share one). */
export const DOCUMENTED_USERNAMES = [
  'hq_admin',
  'east_manager',
  'south_manager',
  'js_admin',
  'nj_admin',
  'nj_staff',
  'wh_east_op',
  'fin_clerk',
];

/** True once the network has been seeded (or created by hand). */
export async function isSeeded(em: EntityManager): Promise<boolean> {
  return (await em.count(Region, {})) > 0;
}

/** The last millisecond (China Standard Time, UTC+8) of the day `days` after `now`'s day. */
function endOfChinaDay(now: Date, days: number): Date {
  const cstMidnight = Math.floor((now.getTime() + 8 * 3_600_000) / DAY_MS) * DAY_MS - 8 * 3_600_000;
  return new Date(cstMidnight + (days + 1) * DAY_MS - 1);
}

/**
 * Licences of one dealer: a business licence (required) and a food distribution licence for
 * everyone, a GSP certificate for agents. Validity is relative to `now` so the demo always shows a
 * mix: mostly valid, about one in nine expiring within 30 days, about one in sixteen of the
 * licences that are not required already expired.
 */
function qualificationsOf(
  d: DemoDealer,
  regionName: string,
  provinceName: string,
  rand: () => number,
  now: Date,
): Qualification[] {
  const kinds = [QualificationKind.BUSINESS_LICENSE, QualificationKind.FOOD_DISTRIBUTION_LICENSE];
  if (d.level === 'NATIONAL_AGENT' || d.level === 'PROVINCIAL_AGENT') kinds.push(QualificationKind.GSP_CERTIFICATE);
  const digits = (n: number) => Array.from({ length: n }, () => String(intBetween(rand, 0, 9))).join('');
  const alnum = (n: number) =>
    Array.from({ length: n }, () => pick(rand, '0123456789ABCDEFGHJKLMNPQRTUWXY'.split(''))).join('');
  return kinds.map((kind, i) => {
    const r = rand();
    const days = r < 0.06 ? -intBetween(rand, 1, 60) : r < 0.17 ? intBetween(rand, 1, 29) : intBetween(rand, 60, 1100);
    const q = new Qualification();
    // The business licence is required of everyone: an expired one would block the dealer's orders,
    // so the demo's are always in force (the other kinds show the expired mix).
    q.required = kind === QualificationKind.BUSINESS_LICENSE;
    q.id = `qlf_${d.id.slice(4)}_${i + 1}`;
    q.dealerId = d.id;
    q.kind = kind;
    q.validUntil = endOfChinaDay(now, q.required ? Math.abs(days) : days);
    if (kind === QualificationKind.BUSINESS_LICENSE) {
      q.number = `91${digits(6)}${alnum(10)}`;
      q.issuer = `${regionName}市场监督管理局`;
    } else if (kind === QualificationKind.FOOD_DISTRIBUTION_LICENSE) {
      q.number = `JY1${digits(13)}`;
      q.issuer = `${regionName}市场监督管理局`;
    } else {
      q.number = `GSP-${d.code}-${digits(6)}`;
      q.issuer = `${provinceName}药品监督管理局`;
    }
    return q;
  });
}

/** A region row as the dealer rows and licences need it. */
interface RegionInfo {
  path: string;
  depth: number;
  name: string;
  parentId: string | null;
  level: string;
}

/**
 * Inserts the demo network: the region tree, 60+ dealers, their authorizations, licences, users and
 * the warehouses of the warehouse operators.
 */
export async function seedDemo(em: EntityManager, log: Logger): Promise<void> {
  const { regions, dealers, users } = demoNetwork();
  const now = new Date();
  const rand = seededRandom(2026);
  const { regionRows, regionInserts } = regionRowsOf(regions);
  const dealerInserts = dealerRowsOf(dealers, regionRows);
  const authorizations = dealers.flatMap((d) =>
    d.authorizedRegionIds.map((regionId) => ({ dealerId: d.id, regionId })),
  );
  const qualifications = demoQualifications(dealers, users, regionRows, rand, now);
  const userInserts = await userRowsOf(users, dealers);

  await em.transactional(async (tx) => {
    await tx.insertMany(Region, regionInserts);
    await tx.insertMany(Dealer, dealerInserts);
    await tx.insertMany(DealerAuthorizedRegion, authorizations);
    for (let i = 0; i < qualifications.length; i += 200)
      await tx.insertMany(
        Qualification,
        qualifications.slice(i, i + 200).map((q) => ({ ...q })),
      );
    await tx.insertMany(User, userInserts);
    const workplaces = users.flatMap((u) =>
      (u.warehouseIds ?? []).map((warehouseId) => ({
        userId: u.id,
        warehouseId,
        createdAt: new Date(Date.UTC(2022, 0, 1)),
      })),
    );
    if (workplaces.length) await tx.insertMany(UserWarehouse, workplaces);
    const jiangsuId = users.find((u) => u.username === 'js_admin')!.dealerId!;
    const nonOrderingId = dealers.find((d) => d.status === 'SUSPENDED')?.id ?? jiangsuId;
    await seedNetworkAdmin(tx, qualifications, { jiangsuId, nonOrderingId }, now, endOfChinaDay);
  });
  log.info(
    { regions: regions.length, dealers: dealers.length, qualifications: qualifications.length, users: users.length },
    'seeded dealer network',
  );
}

/** The region rows (materialized path, depth, position among siblings), parents before children. */
function regionRowsOf(regions: DemoRegion[]) {
  const regionRows = new Map<string, RegionInfo>();
  const siblings = new Map<string | null, number>();
  const regionInserts = regions.map((r) => {
    const parent = r.parentId ? regionRows.get(r.parentId)! : { path: '/', depth: -1 };
    const node = { path: `${parent.path}${r.id}/`, depth: parent.depth + 1 };
    regionRows.set(r.id, { ...node, name: r.name, parentId: r.parentId, level: r.level });
    const position = siblings.get(r.parentId) ?? 0;
    siblings.set(r.parentId, position + 1);
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      nameEn: r.nameEn,
      level: r.level as RegionLevel,
      parentId: r.parentId,
      ...node,
      position,
    };
  });
  return { regionRows, regionInserts };
}

/** The dealer rows with their region path, dealer path and search text. */
function dealerRowsOf(dealers: DemoDealer[], regionRows: Map<string, RegionInfo>) {
  // Demo dealers come parents first, so each parent's path exists when its children need it.
  const dealerPaths = new Map<string, string>();
  return dealers.map((d) => {
    const dealerPath = `${d.parentId ? dealerPaths.get(d.parentId)! : '/'}${d.id}/`;
    dealerPaths.set(d.id, dealerPath);
    return {
      id: d.id,
      code: d.code,
      name: d.name,
      nameEn: d.nameEn,
      level: d.level as DealerLevel,
      grade: d.grade as DealerGrade,
      status: d.status as DealerStatus,
      parentId: d.parentId,
      regionId: d.regionId,
      regionPath: regionRows.get(d.regionId)!.path,
      dealerPath,
      contactName: d.contactName,
      contactPhone: d.contactPhone,
      joinedAt: d.joinedAt,
      searchText: `${d.name} ${d.nameEn} ${d.code} ${d.contactName}`.toLowerCase(),
    };
  });
}

/** Every dealer's licences (`qualificationsOf`, in dealer order from one seeded random stream). */
function demoQualifications(
  dealers: DemoDealer[],
  users: DemoUser[],
  regionRows: Map<string, RegionInfo>,
  rand: () => number,
  now: Date,
): Qualification[] {
  const provinceName = (regionId: string) => {
    let r = regionRows.get(regionId);
    while (r && r.level === 'CITY' && r.parentId) r = regionRows.get(r.parentId);
    return r?.name ?? '';
  };
  const qualifications = dealers.flatMap((d) =>
    qualificationsOf(d, regionRows.get(d.regionId)!.name, provinceName(d.regionId), rand, now),
  );
  // The documented Nanjing dealer always shows a licence about to expire.
  const nj = users.find((u) => u.username === 'nj_admin')!.dealerId;
  const njFood = qualifications.find(
    (q) => q.dealerId === nj && q.kind === QualificationKind.FOOD_DISTRIBUTION_LICENSE,
  );
  if (njFood) njFood.validUntil = endOfChinaDay(now, 20);
  return qualifications;
}

/** The user rows, each created when its dealer joined (HQ and managers on 2022-01-01). */
async function userRowsOf(users: DemoUser[], dealers: DemoDealer[]) {
  // argon2id is deliberately slow: hash the documented accounts one by one (own salts) in
  // parallel, and give every generated dealer account one shared hash to keep start-up fast.
  const passwords = new PasswordService();
  const [shared, ...own] = await Promise.all([
    passwords.hash(DEMO_PASSWORD),
    ...DOCUMENTED_USERNAMES.map(() => passwords.hash(DEMO_PASSWORD)),
  ]);
  const ownHash = new Map(DOCUMENTED_USERNAMES.map((u, i) => [u, own[i]!]));
  const joined = new Map(dealers.map((d) => [d.id, d.joinedAt]));
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    passwordHash: ownHash.get(u.username) ?? shared!,
    displayName: u.displayName,
    role: u.role as UserRole,
    dealerId: u.dealerId,
    regionId: u.regionId,
    active: true,
    disabledAt: null,
    disabledReason: null,
    sessionsValidAfter: null,
    createdAt: (u.dealerId && joined.get(u.dealerId)) || new Date(Date.UTC(2022, 0, 1)),
    lastLoginAt: null,
  }));
}
