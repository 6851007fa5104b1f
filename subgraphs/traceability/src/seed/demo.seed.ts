import {
  demoCatalog,
  demoNetwork,
  intBetween,
  pick,
  seededRandom,
  type DemoDealer,
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
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BATCH = 300;

/** Where the seeded diversions turn up; the first city outside the owner's territory is used. */
const DIVERSION_PLAN: { lot: number; action: TraceAction.SELL | TraceAction.SCAN; cities: string[] }[] = [
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

/**
 * Inserts the region lookup and the demo serial codes: 20 lots of traceable products (1 pallet →
 * 4 cases → 12 items each), their EPCIS-style history (commission, aggregate, ship, receive,
 * ~30 % sold in an authorized city) and four diversions with OPEN alerts. Everything derives from
 * demoCatalog()/demoNetwork() and a seeded PRNG, so every run produces the same codes.
 */
export async function seedDemo(em: EntityManager, log: Logger): Promise<void> {
  const rand = seededRandom(70_070);
  const { products } = demoCatalog();
  const traceable = products.filter((p) => p.traceable);
  const { regions, dealers, users, warehouses } = demoNetwork();
  const paths = regionPaths(regions);
  const cities = regions.filter((r) => r.level === 'CITY');
  const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
  const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
  const candidates = dealers.filter(
    (d) => d.status === 'ACTIVE' && (d.level === 'PROVINCIAL_AGENT' || d.level === 'REGIONAL_DEALER'),
  );
  const userOf = (d: DemoDealer) => users.find((u) => u.dealerId === d.id)?.id ?? null;
  const warehouseOf = (d: DemoDealer) => warehouses.find((w) => w.dealerId === d.id)?.id ?? null;
  const citiesIn = (d: DemoDealer) =>
    cities.filter((c) => d.authorizedRegionIds.some((a) => paths.get(c.id)!.includes(`/${a}/`)));

  const codes: CodeRow[] = [];
  const events: EventRow[] = [];
  const alerts: DiversionAlert[] = [];
  const used = new Set<string>();
  const code = (level: CodeLevel) => {
    let c = generateCode(level, rand);
    while (used.has(c)) c = generateCode(level, rand);
    used.add(c);
    return c;
  };
  const event = (c: CodeRow, action: TraceAction, at: Date, extra: Partial<EventRow> = {}) => {
    events.push({
      id: newId('evt', at, rand),
      code: c.code,
      action,
      bizStep: BIZ_STEPS[action],
      dealerId: null,
      warehouseId: 'wh_hq',
      regionId: 'reg_sh',
      actorUserId: null,
      at,
      diverted: false,
      details: null,
      ...extra,
    });
    c.lastEventAt = at;
  };
  const lotsPerDay = new Map<string, number>();

  for (let lot = 0; lot < LOTS; lot++) {
    const product = pick(rand, traceable);
    const owner = lot < 4 ? [nj, js][lot % 2]! : pick(rand, candidates);
    const produced = new Date(Date.UTC(2026, 2, 1) + intBetween(rand, 0, 200) * DAY);
    const day = lotDate(produced);
    const seq = lotsPerDay.get(day) ?? 0;
    lotsPerDay.set(day, seq + 1);
    const lotNumber = `L${day}${String.fromCharCode(65 + seq)}`;
    const shipped = lot < LOTS - UNSHIPPED_LOTS;
    const received = lot < LOTS - UNSHIPPED_LOTS - IN_TRANSIT_LOTS;
    const base = (level: CodeLevel, parentCode: string | null): CodeRow => ({
      code: code(level),
      level,
      productId: product.id,
      lotNumber,
      parentCode,
      status: CodeStatus.COMMISSIONED,
      ownerDealerId: null,
      ownerRegionPath: null,
      ownerAuthorizedRegionIds: null,
      lastEventAt: produced,
      createdAt: new Date(produced.getTime() + 8 * HOUR),
    });

    const pallet = base(CodeLevel.PALLET, null);
    const lotCodes: CodeRow[] = [pallet];
    const items: CodeRow[] = [];
    for (let c = 0; c < CASES_PER_PALLET; c++) {
      const kase = base(CodeLevel.CASE, pallet.code);
      lotCodes.push(kase);
      for (let i = 0; i < ITEMS_PER_CASE; i++) {
        const item = base(CodeLevel.ITEM, kase.code);
        lotCodes.push(item);
        items.push(item);
      }
    }
    const commissioned = new Date(produced.getTime() + 8 * HOUR);
    for (const c of lotCodes)
      event(c, TraceAction.COMMISSION, commissioned, { details: JSON.stringify({ lotNumber }) });
    for (const c of lotCodes) {
      if (!c.parentCode) continue;
      const at = new Date(produced.getTime() + (c.level === CodeLevel.ITEM ? 9 : 10) * HOUR);
      event(c, TraceAction.AGGREGATE, at, { details: JSON.stringify({ parentCode: c.parentCode }) });
      c.status = CodeStatus.AGGREGATED;
    }
    if (shipped) {
      const shipAt = new Date(produced.getTime() + intBetween(rand, 3, 10) * DAY + 14 * HOUR);
      const recvAt = new Date(shipAt.getTime() + 2 * DAY);
      for (const c of lotCodes) {
        Object.assign(c, {
          ownerDealerId: owner.id,
          ownerRegionPath: paths.get(owner.regionId)!,
          ownerAuthorizedRegionIds: owner.authorizedRegionIds.join(','),
          status: CodeStatus.SHIPPED,
        });
        event(c, TraceAction.SHIP, shipAt, { dealerId: owner.id, details: JSON.stringify({ shipTo: owner.id }) });
        if (received) {
          event(c, TraceAction.RECEIVE, recvAt, {
            dealerId: owner.id,
            warehouseId: warehouseOf(owner),
            regionId: owner.regionId,
            actorUserId: userOf(owner),
          });
          c.status = CodeStatus.RECEIVED;
        }
      }
      if (received) {
        const sellIn = citiesIn(owner);
        const diversion = DIVERSION_PLAN.find((d) => d.lot === lot);
        items.forEach((item, i) => {
          // The last item of a diverted lot is kept for the diversion below.
          if (diversion && i === items.length - 1) return;
          if (rand() >= SOLD_SHARE || !sellIn.length) return;
          const city = pick(rand, sellIn);
          event(
            item,
            TraceAction.SELL,
            new Date(recvAt.getTime() + intBetween(rand, 1, 45) * DAY + intBetween(rand, 9, 20) * HOUR),
            {
              dealerId: owner.id,
              warehouseId: null,
              regionId: city.id,
              actorUserId: userOf(owner),
            },
          );
          item.status = CodeStatus.SOLD;
        });
        if (diversion) {
          const item = items.at(-1)!;
          const city = diversion.cities.find(
            (id) =>
              checkDiversion({
                ownerDealerId: owner.id,
                authorizedRegionIds: owner.authorizedRegionIds,
                regionPath: pathIds(paths.get(id)!),
              }).diverted,
          )!;
          const at = new Date(recvAt.getTime() + intBetween(rand, 5, 30) * DAY + 15 * HOUR);
          const bySeller = diversion.action === TraceAction.SELL;
          event(item, diversion.action, at, {
            dealerId: bySeller ? owner.id : null,
            warehouseId: null,
            regionId: city,
            actorUserId: bySeller ? userOf(owner) : 'usr_hq_admin',
            diverted: true,
          });
          if (bySeller) item.status = CodeStatus.SOLD;
          alerts.push(
            Object.assign(new DiversionAlert(), {
              id: newId('div', at, rand),
              code: item.code,
              productId: item.productId,
              ownerDealerId: owner.id,
              ownerAuthorizedRegionIds: owner.authorizedRegionIds.join(','),
              detectedRegionId: city,
              detectedRegionPath: paths.get(city)!,
              detectedByDealerId: bySeller ? owner.id : null,
              eventId: events.at(-1)!.id,
              status: AlertStatus.OPEN,
              detectedAt: at,
              acknowledgedAt: null,
              acknowledgedBy: null,
            }),
          );
        }
      }
    }
    codes.push(...lotCodes);
  }

  await em.transactional(async (tx) => {
    await tx.insertMany(
      Region,
      regions.map((r) => ({ id: r.id, parentId: r.parentId, path: paths.get(r.id)! })),
    );
    for (let i = 0; i < codes.length; i += BATCH) await tx.insertMany(SerialCode, codes.slice(i, i + BATCH));
    for (let i = 0; i < events.length; i += BATCH) await tx.insertMany(TraceEvent, events.slice(i, i + BATCH));
    await tx.insertMany(
      DiversionAlert,
      alerts.map((a) => ({ ...a })),
    );
  });
  log.info(
    { regions: regions.length, codes: codes.length, events: events.length, alerts: alerts.length },
    'seeded serial codes',
  );
}
