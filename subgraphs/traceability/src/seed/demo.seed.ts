import {
  demoCatalog,
  demoNetwork,
  intBetween,
  pick,
  seededRandom,
  type DemoDealer,
  type DemoProduct,
  type DemoRegion,
} from '@dnp/demo-data';
import type { Logger } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { AlertStatus, DiversionAlert } from '../entities/diversion-alert.entity.js';
import { Region } from '../entities/region.entity.js';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import { BIZ_STEPS, TraceAction, TraceEvent } from '../entities/trace-event.entity.js';
import { newId } from '@dnp/subgraph-kit';
import { generateCode } from '../services/codes.service.js';
import { checkDiversion, pathIds } from '../services/diversion.service.js';

const LOTS = 20;
const CASES_PER_PALLET = 4;
const ITEMS_PER_CASE = 12;
const SOLD_SHARE = 0.3;
/** Lots still at HQ (never shipped) and lots shipped but not yet received, counted from the end. */
const UNSHIPPED_LOTS = 2;
const IN_TRANSIT_LOTS = 1;
/** Where the unshipped lots wait, in turn: the East regional warehouse (its operator ships them) and HQ's. */
const UNSHIPPED_AT = ['wh_east', 'wh_hq'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BATCH = 300;

/** Where the seeded diversions turn up; the first city outside the owner's territory is used. */
interface Diversion {
  lot: number;
  action: TraceAction.SELL | TraceAction.SCAN;
  cities: string[];
}
const DIVERSION_PLAN: Diversion[] = [
  { lot: 0, action: TraceAction.SELL, cities: ['reg_zj_hz', 'reg_sh_pd'] },
  { lot: 1, action: TraceAction.SCAN, cities: ['reg_sh_pd', 'reg_zj_nb'] },
  { lot: 5, action: TraceAction.SCAN, cities: ['reg_gd_gz', 'reg_fj_xm'] },
  { lot: 8, action: TraceAction.SELL, cities: ['reg_bj_cy', 'reg_hb_wh'] },
];

// Plain rows: insertMany takes data, not managed entities.
type CodeRow = SerialCode;
type EventRow = TraceEvent;

/** True once codes have been seeded. */
export async function isSeeded(em: EntityManager): Promise<boolean> {
  return (await em.count(SerialCode, {})) > 0;
}

function regionPaths(regions: DemoRegion[]): Map<string, string> {
  const paths = new Map<string, string>();
  for (const r of regions) paths.set(r.id, `${r.parentId ? paths.get(r.parentId)! : '/'}${r.id}/`);
  return paths;
}

function lotDate(d: Date): string {
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}

/** What the seed knows about the demo network: regions with their paths, dealers, their users and warehouses. */
interface Network {
  traceable: DemoProduct[];
  regions: DemoRegion[];
  paths: Map<string, string>;
  /** The lots of the first four go to the Nanjing dealer and the Jiangsu agent in turn. */
  firstOwners: DemoDealer[];
  /** Who the other lots go to: active provincial agents and regional dealers. */
  owners: DemoDealer[];
  userOf: (d: DemoDealer) => string | null;
  warehouseOf: (d: DemoDealer) => string | null;
  /** The cities inside a dealer's authorized regions, where it sells. */
  citiesIn: (d: DemoDealer) => DemoRegion[];
}

/** The demo network as the seed uses it (see Network). */
function demoTraceNetwork(): Network {
  const traceable = demoCatalog().products.filter((p) => p.traceable);
  const { regions, dealers, users, warehouses } = demoNetwork();
  const paths = regionPaths(regions);
  const cities = regions.filter((r) => r.level === 'CITY');
  const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
  const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
  return {
    traceable,
    regions,
    paths,
    firstOwners: [nj, js],
    owners: dealers.filter(
      (d) => d.status === 'ACTIVE' && (d.level === 'PROVINCIAL_AGENT' || d.level === 'REGIONAL_DEALER'),
    ),
    userOf: (d) => users.find((u) => u.dealerId === d.id)?.id ?? null,
    warehouseOf: (d) => warehouses.find((w) => w.dealerId === d.id)?.id ?? null,
    citiesIn: (d) => cities.filter((c) => d.authorizedRegionIds.some((a) => paths.get(c.id)!.includes(`/${a}/`))),
  };
}

/** One lot as it is being built: its product, owner, production time and codes. */
interface LotPlan {
  index: number;
  product: DemoProduct;
  owner: DemoDealer;
  produced: Date;
  lotNumber: string;
  codes: CodeRow[];
  items: CodeRow[];
}

/**
 * Builds the demo codes, their history and the diversion alerts lot by lot. Every random draw
 * comes from one seeded PRNG in a fixed order, so the same rows come out on every run: keep the
 * order of the draws when changing anything here.
 */
class DemoTrace {
  readonly codes: CodeRow[] = [];
  readonly events: EventRow[] = [];
  readonly alerts: DiversionAlert[] = [];
  private readonly rand = seededRandom(70_070);
  private readonly used = new Set<string>();
  private readonly lotsPerDay = new Map<string, number>();

  constructor(private readonly net: Network) {}

  /** Builds lot `index`: its codes, commissioning and packing, shipment, receipt, sales and any diversion. */
  lot(index: number): void {
    const lot = this.plan(index);
    this.pack(lot);
    const shipped = index < LOTS - UNSHIPPED_LOTS;
    const received = index < LOTS - UNSHIPPED_LOTS - IN_TRANSIT_LOTS;
    if (!shipped) for (const c of lot.codes) c.locationWarehouseId = UNSHIPPED_AT[index % UNSHIPPED_AT.length]!;
    if (shipped) {
      const recvAt = this.ship(lot, received);
      if (received) {
        const diversion = DIVERSION_PLAN.find((d) => d.lot === index);
        this.sell(lot, recvAt, diversion);
        if (diversion) this.divert(lot, recvAt, diversion);
      }
    }
    this.codes.push(...lot.codes);
  }

  private plan(index: number): LotPlan {
    const { rand, net } = this;
    const product = pick(rand, net.traceable);
    const owner = index < 4 ? net.firstOwners[index % 2]! : pick(rand, net.owners);
    const produced = new Date(Date.UTC(2026, 2, 1) + intBetween(rand, 0, 200) * DAY);
    const day = lotDate(produced);
    const seq = this.lotsPerDay.get(day) ?? 0;
    this.lotsPerDay.set(day, seq + 1);
    const lotNumber = `L${day}${String.fromCharCode(65 + seq)}`;
    return { index, product, owner, produced, lotNumber, codes: [], items: [] };
  }

  /** One pallet of cases of items, commissioned, then each packed into its parent. */
  private pack(lot: LotPlan): void {
    const pallet = this.newCode(lot, CodeLevel.PALLET, null);
    lot.codes.push(pallet);
    for (let c = 0; c < CASES_PER_PALLET; c++) {
      const kase = this.newCode(lot, CodeLevel.CASE, pallet.code);
      lot.codes.push(kase);
      for (let i = 0; i < ITEMS_PER_CASE; i++) {
        const item = this.newCode(lot, CodeLevel.ITEM, kase.code);
        lot.codes.push(item);
        lot.items.push(item);
      }
    }
    const commissioned = new Date(lot.produced.getTime() + 8 * HOUR);
    const details = JSON.stringify({ lotNumber: lot.lotNumber });
    for (const c of lot.codes) this.event(c, TraceAction.COMMISSION, commissioned, { details });
    for (const c of lot.codes) {
      if (!c.parentCode) continue;
      const at = new Date(lot.produced.getTime() + (c.level === CodeLevel.ITEM ? 9 : 10) * HOUR);
      this.event(c, TraceAction.AGGREGATE, at, { details: JSON.stringify({ parentCode: c.parentCode }) });
      c.status = CodeStatus.AGGREGATED;
    }
  }

  /** Ships the lot to its owner and, when `received`, receives it two days later; returns the receipt time. */
  private ship(lot: LotPlan, received: boolean): Date {
    const { owner } = lot;
    const shipAt = new Date(lot.produced.getTime() + intBetween(this.rand, 3, 10) * DAY + 14 * HOUR);
    const recvAt = new Date(shipAt.getTime() + 2 * DAY);
    for (const c of lot.codes) {
      Object.assign(c, {
        ownerDealerId: owner.id,
        ownerRegionPath: this.net.paths.get(owner.regionId)!,
        ownerAuthorizedRegionIds: owner.authorizedRegionIds.join(','),
        status: CodeStatus.SHIPPED,
        locationWarehouseId: null,
      });
      this.event(c, TraceAction.SHIP, shipAt, { dealerId: owner.id, details: JSON.stringify({ shipTo: owner.id }) });
      if (received) {
        this.event(c, TraceAction.RECEIVE, recvAt, {
          dealerId: owner.id,
          warehouseId: this.net.warehouseOf(owner),
          regionId: owner.regionId,
          actorUserId: this.net.userOf(owner),
        });
        c.status = CodeStatus.RECEIVED;
        c.locationWarehouseId = this.net.warehouseOf(owner);
      }
    }
    return recvAt;
  }

  /** Sells about SOLD_SHARE of the items in the owner's own cities (the last item of a diverted lot is kept). */
  private sell(lot: LotPlan, recvAt: Date, diversion: Diversion | undefined): void {
    const { rand } = this;
    const { owner, items } = lot;
    const sellIn = this.net.citiesIn(owner);
    items.forEach((item, i) => {
      if (diversion && i === items.length - 1) return;
      if (rand() >= SOLD_SHARE || !sellIn.length) return;
      const city = pick(rand, sellIn);
      const at = new Date(recvAt.getTime() + intBetween(rand, 1, 45) * DAY + intBetween(rand, 9, 20) * HOUR);
      this.event(item, TraceAction.SELL, at, {
        dealerId: owner.id,
        warehouseId: null,
        regionId: city.id,
        actorUserId: this.net.userOf(owner),
      });
      item.status = CodeStatus.SOLD;
      item.locationWarehouseId = null;
    });
  }

  /**
   * The lot's last item turns up in the first planned city outside the owner's territory: a
   * diverted event and its OPEN alert.
   */
  private divert(lot: LotPlan, recvAt: Date, diversion: Diversion): void {
    const { owner } = lot;
    const item = lot.items.at(-1)!;
    const city = diversion.cities.find(
      (id) =>
        checkDiversion({
          ownerDealerId: owner.id,
          authorizedRegionIds: owner.authorizedRegionIds,
          regionPath: pathIds(this.net.paths.get(id)!),
        }).diverted,
    )!;
    const at = new Date(recvAt.getTime() + intBetween(this.rand, 5, 30) * DAY + 15 * HOUR);
    const bySeller = diversion.action === TraceAction.SELL;
    this.event(item, diversion.action, at, {
      dealerId: bySeller ? owner.id : null,
      warehouseId: null,
      regionId: city,
      actorUserId: bySeller ? this.net.userOf(owner) : 'usr_hq_admin',
      diverted: true,
    });
    if (bySeller) Object.assign(item, { status: CodeStatus.SOLD, locationWarehouseId: null });
    this.alerts.push(
      Object.assign(new DiversionAlert(), {
        id: newId('div', at, this.rand),
        code: item.code,
        productId: item.productId,
        ownerDealerId: owner.id,
        ownerAuthorizedRegionIds: owner.authorizedRegionIds.join(','),
        detectedRegionId: city,
        detectedRegionPath: this.net.paths.get(city)!,
        detectedByDealerId: bySeller ? owner.id : null,
        eventId: this.events.at(-1)!.id,
        status: AlertStatus.OPEN,
        detectedAt: at,
        acknowledgedAt: null,
        acknowledgedBy: null,
      }),
    );
  }

  /** A new code of the lot, still at HQ, with a value never used before. */
  private newCode(lot: LotPlan, level: CodeLevel, parentCode: string | null): CodeRow {
    let code = generateCode(level, this.rand);
    while (this.used.has(code)) code = generateCode(level, this.rand);
    this.used.add(code);
    return {
      code,
      level,
      productId: lot.product.id,
      lotNumber: lot.lotNumber,
      parentCode,
      status: CodeStatus.COMMISSIONED,
      ownerDealerId: null,
      ownerRegionPath: null,
      ownerAuthorizedRegionIds: null,
      locationWarehouseId: null,
      shipmentId: null,
      quarantined: false,
      lastEventAt: lot.produced,
      createdAt: new Date(lot.produced.getTime() + 8 * HOUR),
    };
  }

  /** Records a trace event of `c` (by default at HQ's Shanghai warehouse, by nobody) and moves its last event time. */
  private event(c: CodeRow, action: TraceAction, at: Date, extra: Partial<EventRow> = {}): void {
    this.events.push({
      id: newId('evt', at, this.rand),
      code: c.code,
      action,
      bizStep: BIZ_STEPS[action],
      dealerId: null,
      warehouseId: 'wh_hq',
      regionId: 'reg_sh',
      actorUserId: null,
      at,
      diverted: false,
      retailPriceMinor: null,
      details: null,
      ...extra,
    });
    c.lastEventAt = at;
  }
}

/**
 * Inserts the region lookup and the demo serial codes: 20 lots of traceable products (1 pallet →
 * 4 cases → 12 items each), their EPCIS-style history (commission, aggregate, ship, receive,
 * ~30 % sold in an authorized city) and four diversions with OPEN alerts. Codes lie in a warehouse
 * while they wait (the unshipped lots in the East regional and HQ warehouses, received ones in the
 * dealer's own warehouse, when it has one). Everything derives from
 * demoCatalog()/demoNetwork() and a seeded PRNG, so every run produces the same codes.
 */
export async function seedDemo(em: EntityManager, log: Logger): Promise<void> {
  const net = demoTraceNetwork();
  const trace = new DemoTrace(net);
  for (let lot = 0; lot < LOTS; lot++) trace.lot(lot);
  const { codes, events, alerts } = trace;
  await em.transactional(async (tx) => {
    await tx.insertMany(
      Region,
      net.regions.map((r) => ({ id: r.id, parentId: r.parentId, path: net.paths.get(r.id)! })),
    );
    for (let i = 0; i < codes.length; i += BATCH) await tx.insertMany(SerialCode, codes.slice(i, i + BATCH));
    for (let i = 0; i < events.length; i += BATCH) await tx.insertMany(TraceEvent, events.slice(i, i + BATCH));
    await tx.insertMany(
      DiversionAlert,
      alerts.map((a) => ({ ...a })),
    );
  });
  log.info(
    { regions: net.regions.length, codes: codes.length, events: events.length, alerts: alerts.length },
    'seeded serial codes',
  );
}
