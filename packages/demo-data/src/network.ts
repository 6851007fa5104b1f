import { demoRegions, regionPath, type DemoRegion } from './regions.js';
import { intBetween, pick, seededRandom } from './random.js';

export type DemoDealerLevel = 'NATIONAL_AGENT' | 'PROVINCIAL_AGENT' | 'REGIONAL_DEALER' | 'RETAILER';
export type DemoDealerStatus = 'APPLICANT' | 'UNDER_REVIEW' | 'ACTIVE' | 'SUSPENDED' | 'TERMINATED';

/** A dealer of the demo network. */
export interface DemoDealer {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  level: DemoDealerLevel;
  grade: 'A' | 'B' | 'C' | 'D';
  parentId: string | null;
  /** Home region (where the dealer is registered). */
  regionId: string;
  authorizedRegionIds: string[];
  status: DemoDealerStatus;
  contactName: string;
  contactPhone: string;
  /** Credit limit in fen. */
  creditLimitMinor: number;
  termDays: number;
  joinedAt: Date;
}

/** A demo login. All demo users share DEMO_PASSWORD. */
export interface DemoUser {
  id: string;
  username: string;
  displayName: string;
  role: 'HQ_ADMIN' | 'REGION_MANAGER' | 'DEALER_ADMIN' | 'DEALER_STAFF' | 'WAREHOUSE_OPERATOR' | 'FINANCE_CLERK';
  dealerId: string | null;
  regionId: string | null;
  /** For warehouse operators: the warehouses they work in (their whole data scope). */
  warehouseIds?: string[];
}

/** A warehouse: HQ (总仓), one per sales region (区域仓), one per provincial agent (经销商仓). */
export interface DemoWarehouse {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  kind: 'HQ' | 'REGIONAL' | 'DEALER';
  regionId: string;
  dealerId: string | null;
}

export const DEMO_PASSWORD = 'Demo@2026';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '军', '涛', '明', '超', '霞', '平'];
const TRADE = ['商贸有限公司', '食品有限公司', '贸易有限公司', '供应链有限公司', '实业有限公司'];
/** Trade names as [Chinese, English] pairs, so both names of a dealer name the same firm. */
const DEALER_BRANDS: [string, string][] = [
  ['丰源', 'Fengyuan'],
  ['恒通', 'Hengtong'],
  ['鑫达', 'Xinda'],
  ['华联', 'Hualian'],
  ['百信', 'Baixin'],
  ['嘉润', 'Jiarun'],
  ['顺和', 'Shunhe'],
  ['福满', 'Fuman'],
];
const STORE_BRANDS: [string, string][] = [
  ['好邻居', 'Good Neighbour'],
  ['惠民', 'Huimin'],
  ['家家乐', 'Jiajiale'],
  ['万客隆', 'Wankelong'],
];
const TRADE_EN = [
  'Trading Co., Ltd.',
  'Foods Co., Ltd.',
  'Commerce Co., Ltd.',
  'Supply Chain Co., Ltd.',
  'Industrial Co., Ltd.',
];

/** Regional dealers' statuses, drawn at random: mostly active, some suspended or under review. */
const STATUSES: DemoDealerStatus[] = [
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'SUSPENDED',
  'UNDER_REVIEW',
];

/** A dealer as the network builder describes it; the book adds its id, code, contact and joining date. */
type DealerDraft = Omit<DemoDealer, 'id' | 'code' | 'contactName' | 'contactPhone' | 'joinedAt'>;

/** The dealers added so far, and `add`, which numbers the next one and draws its contact and joining date. */
interface DealerBook {
  dealers: DemoDealer[];
  add(d: DealerDraft): DemoDealer;
}

/** The demo dealer network (60+ dealers on four levels), built over the demo region tree. */
export function demoNetwork(): {
  regions: DemoRegion[];
  dealers: DemoDealer[];
  users: DemoUser[];
  warehouses: DemoWarehouse[];
} {
  const rand = seededRandom(42);
  const regions = demoRegions();
  const dealers = demoDealers(rand, regions);
  // Fixed, documented demo accounts first; then one admin per active dealer.
  const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
  const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
  nj.status = 'ACTIVE';
  return { regions, dealers, users: demoUsers(dealers, js, nj), warehouses: demoWarehouses(regions, dealers) };
}

/** The regions directly under `parentId`, in tree order. */
function childRegions(regions: DemoRegion[], parentId: string): DemoRegion[] {
  return regions.filter((r) => r.parentId === parentId);
}

/** A dealer book drawing every dealer's contact and joining date from `rand`, in the order added. */
function dealerBook(rand: () => number): DealerBook {
  const dealers: DemoDealer[] = [];
  const person = () => `${pick(rand, SURNAMES)}${pick(rand, GIVEN)}${rand() < 0.5 ? pick(rand, GIVEN) : ''}`;
  const phone = () => `1${pick(rand, ['38', '39', '58', '86', '88'])}${String(intBetween(rand, 10000000, 99999999))}`;
  const joined = (minMonths: number) =>
    new Date(Date.UTC(2026, 10, 1) - intBetween(rand, minMonths * 30, 48 * 30) * 86_400_000);
  let seq = 0;
  const add = (d: DealerDraft) => {
    seq++;
    const dealer: DemoDealer = {
      ...d,
      id: `dlr_${String(seq).padStart(4, '0')}`,
      code: `D${String(seq).padStart(5, '0')}`,
      contactName: person(),
      contactPhone: phone(),
      joinedAt: joined(3),
    };
    dealers.push(dealer);
    return dealer;
  };
  return { dealers, add };
}

/**
 * The dealers, parents first: the national agent, then per sales region and province a
 * provincial agent with its cities' regional dealers and retailers (`addProvince`).
 */
function demoDealers(rand: () => number, regions: DemoRegion[]): DemoDealer[] {
  const book = dealerBook(rand);
  const national = book.add({
    name: '嘉禾全国总代理（上海）有限公司',
    nameEn: 'Jiahe National Distribution (Shanghai) Co., Ltd.',
    level: 'NATIONAL_AGENT',
    grade: 'A',
    parentId: null,
    regionId: 'reg_sh',
    authorizedRegionIds: ['reg_cn'],
    status: 'ACTIVE',
    creditLimitMinor: 500_000_000,
    termDays: 60,
  });
  const byParent = (id: string) => childRegions(regions, id);
  for (const sales of byParent('reg_cn')) {
    for (const prov of byParent(sales.id)) addProvince(book, rand, prov, national.id, byParent(prov.id));
  }
  return book.dealers;
}

/** A province's agent under the national agent, then each of its cities' dealers (`addCity`). */
function addProvince(
  book: DealerBook,
  rand: () => number,
  prov: DemoRegion,
  nationalId: string,
  cities: DemoRegion[],
): void {
  const ti = intBetween(rand, 0, TRADE.length - 1);
  const pAgent = book.add({
    name: `${prov.name.replace(/(省|市|壮族自治区)$/, '')}嘉禾${TRADE[ti]}`,
    nameEn: `${prov.nameEn} Jiahe ${TRADE_EN[ti]}`,
    level: 'PROVINCIAL_AGENT',
    grade: pick(rand, ['A', 'A', 'B'] as const),
    parentId: nationalId,
    regionId: prov.id,
    authorizedRegionIds: [prov.id],
    status: 'ACTIVE',
    creditLimitMinor: intBetween(rand, 80, 200) * 1_000_000,
    termDays: 45,
  });
  for (const city of cities) addCity(book, rand, city, pAgent.id);
}

/** A city's regional dealer under the provincial agent, and (about half the time) a retailer under it. */
function addCity(book: DealerBook, rand: () => number, city: DemoRegion, agentId: string): void {
  const tj = intBetween(rand, 0, TRADE.length - 1);
  const [brandZh, brandEn] = pick(rand, DEALER_BRANDS);
  const rDealer = book.add({
    name: `${city.name.replace(/(市|区|新区)$/, '')}${brandZh}${TRADE[tj]}`,
    nameEn: `${city.nameEn} ${brandEn} ${TRADE_EN[tj]}`,
    level: 'REGIONAL_DEALER',
    grade: pick(rand, ['A', 'B', 'B', 'C'] as const),
    parentId: agentId,
    regionId: city.id,
    authorizedRegionIds: [city.id],
    status: pick(rand, STATUSES),
    creditLimitMinor: intBetween(rand, 10, 60) * 1_000_000,
    termDays: 30,
  });
  if (rand() < 0.55) {
    const [storeZh, storeEn] = pick(rand, STORE_BRANDS);
    book.add({
      name: `${city.name.replace(/(市|区|新区)$/, '')}${storeZh}便利店`,
      nameEn: `${city.nameEn} ${storeEn} Convenience Store`,
      level: 'RETAILER',
      grade: pick(rand, ['C', 'D'] as const),
      parentId: rDealer.id,
      regionId: city.id,
      authorizedRegionIds: [city.id],
      status: pick(rand, [...STATUSES, 'APPLICANT'] as DemoDealerStatus[]),
      creditLimitMinor: intBetween(rand, 1, 5) * 1_000_000,
      termDays: 15,
    });
  }
}

/** The brand's documented warehouse and finance staff. */
const BRAND_STAFF: DemoUser[] = [
  {
    id: 'usr_wh_east_op',
    username: 'wh_east_op',
    displayName: '华东仓库操作员',
    role: 'WAREHOUSE_OPERATOR',
    dealerId: null,
    regionId: 'reg_east',
    // The East China regional warehouse and the HQ warehouse in Shanghai (also East China).
    warehouseIds: ['wh_hq', 'wh_east'],
  },
  {
    id: 'usr_fin_clerk',
    username: 'fin_clerk',
    displayName: '总部财务专员',
    role: 'FINANCE_CLERK',
    dealerId: null,
    regionId: 'reg_cn',
  },
];

/**
 * The documented accounts (HQ, two region managers, the Jiangsu agent, the Nanjing dealer, the East
 * China warehouse operator, the finance clerk), then one admin per other dealer.
 */
function demoUsers(dealers: DemoDealer[], js: DemoDealer, nj: DemoDealer): DemoUser[] {
  const users: DemoUser[] = [
    {
      id: 'usr_hq_admin',
      username: 'hq_admin',
      displayName: '总部管理员',
      role: 'HQ_ADMIN',
      dealerId: null,
      regionId: 'reg_cn',
    },
    {
      id: 'usr_east_manager',
      username: 'east_manager',
      displayName: '华东大区经理',
      role: 'REGION_MANAGER',
      dealerId: null,
      regionId: 'reg_east',
    },
    {
      id: 'usr_south_manager',
      username: 'south_manager',
      displayName: '华南大区经理',
      role: 'REGION_MANAGER',
      dealerId: null,
      regionId: 'reg_south',
    },
    {
      id: 'usr_js_admin',
      username: 'js_admin',
      displayName: `${js.contactName}（江苏总代）`,
      role: 'DEALER_ADMIN',
      dealerId: js.id,
      regionId: js.regionId,
    },
    {
      id: 'usr_nj_admin',
      username: 'nj_admin',
      displayName: `${nj.contactName}（南京经销商）`,
      role: 'DEALER_ADMIN',
      dealerId: nj.id,
      regionId: nj.regionId,
    },
    {
      id: 'usr_nj_staff',
      username: 'nj_staff',
      displayName: '南京经销商业务员',
      role: 'DEALER_STAFF',
      dealerId: nj.id,
      regionId: nj.regionId,
    },
    ...BRAND_STAFF,
  ];
  for (const d of dealers) {
    if (d.id === js.id || d.id === nj.id) continue;
    users.push({
      id: `usr_${d.code.toLowerCase()}`,
      username: d.code.toLowerCase(),
      displayName: d.contactName,
      role: 'DEALER_ADMIN',
      dealerId: d.id,
      regionId: d.regionId,
    });
  }
  return users;
}

/** The HQ warehouse, one regional warehouse per sales region (in its first province), one per provincial agent. */
function demoWarehouses(regions: DemoRegion[], dealers: DemoDealer[]): DemoWarehouse[] {
  const byParent = (id: string) => childRegions(regions, id);
  const warehouses: DemoWarehouse[] = [
    {
      id: 'wh_hq',
      code: 'WH-HQ',
      name: '上海嘉禾总仓',
      nameEn: 'Shanghai HQ Warehouse',
      kind: 'HQ',
      regionId: 'reg_sh',
      dealerId: null,
    },
  ];
  for (const sales of byParent('reg_cn')) {
    const hub = byParent(sales.id)[0]!;
    warehouses.push({
      id: `wh_${sales.code.toLowerCase()}`,
      code: `WH-${sales.code}`,
      name: `${sales.name}区域仓（${hub.name.replace(/(省|市|壮族自治区)$/, '')}）`,
      nameEn: `${sales.nameEn} Regional Warehouse (${hub.nameEn})`,
      kind: 'REGIONAL',
      regionId: hub.id,
      dealerId: null,
    });
  }
  for (const d of dealers.filter((x) => x.level === 'PROVINCIAL_AGENT')) {
    warehouses.push({
      id: `wh_${d.code.toLowerCase()}`,
      code: `WH-${d.code}`,
      name: `${d.name}仓库`,
      nameEn: `${d.nameEn} Warehouse`,
      kind: 'DEALER',
      regionId: d.regionId,
      dealerId: d.id,
    });
  }
  return warehouses;
}

export { regionPath };
