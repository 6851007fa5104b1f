import { demoNetwork } from '@dnp/demo-data';
import { EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertStatus, DiversionAlert } from '../entities/diversion-alert.entity.js';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import { TraceAction, TraceEvent } from '../entities/trace-event.entity.js';
import { ScanAction, type ScanCodeInput } from '../schema/trace.input.js';
import { traceabilitySubgraph } from '../subgraph.js';
import type { TraceabilityLoaders } from '../traceability-context.js';
import { ScanService } from './scan.service.js';

const { dealers } = demoNetwork();
const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn' };
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: nj.id, regionId: 'reg_js_nj' };
const jsAdmin: Viewer = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: js.id, regionId: 'reg_js' };
const east: Viewer = { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' };

let db: TestSubgraph<TraceabilityLoaders>;
const service = new ScanService();
/** Unsold, received item codes per owner, handed out one per test so tests do not interfere. */
const pool = new Map<string, string[]>();
const take = (dealerId: string) => pool.get(dealerId)!.shift()!;
const scan = (viewer: Viewer | null, input: Partial<ScanCodeInput>) =>
  service.scan(db.context(viewer), {
    action: ScanAction.SELL,
    regionId: 'reg_js_nj',
    code: '',
    ...input,
  } as ScanCodeInput);

async function snapshot() {
  const em = db.orm.em.fork();
  return {
    events: await em.count(TraceEvent, {}),
    alerts: await em.count(DiversionAlert, {}),
    statuses: JSON.stringify(
      (await em.find(SerialCode, {}, { fields: ['code', 'status', 'lastEventAt'], orderBy: { code: 'asc' } })).map(
        (c) => [c.code, c.status, c.lastEventAt],
      ),
    ),
  };
}

beforeAll(async () => {
  db = await openTestSubgraph(traceabilitySubgraph, { seed: true });
  const em = db.orm.em.fork();
  for (const d of [nj, js]) {
    const rows = await em.find(
      SerialCode,
      { ownerDealerId: d.id, level: CodeLevel.ITEM, status: CodeStatus.RECEIVED },
      { orderBy: { code: 'asc' } },
    );
    pool.set(
      d.id,
      rows.map((r) => r.code),
    );
  }
});
afterAll(() => db.close());

describe('ScanService.scan: sales', () => {
  it("sells a dealer's own item in its authorized city, without an alert", async () => {
    const code = take(nj.id);
    const res = await scan(njAdmin, { code, action: ScanAction.SELL, regionId: 'reg_js_nj', note: 'walk-in customer' });
    expect(res.errors).toEqual([]);
    expect(res.serialCode?.status).toBe(CodeStatus.SOLD);
    expect(res.event).toMatchObject({
      action: TraceAction.SELL,
      bizStep: 'urn:epcglobal:cbv:bizstep:retail_selling',
      dealerId: nj.id,
      regionId: 'reg_js_nj',
      diverted: false,
      actorUserId: 'usr_nj_admin',
    });
    expect(JSON.parse(res.event!.details!)).toEqual({ note: 'walk-in customer' });
    expect(res.diversionAlert).toBeNull();
    const stored = await db.orm.em.fork().findOneOrFail(SerialCode, { code });
    expect(stored.status).toBe(CodeStatus.SOLD);
  });

  it('refuses to sell a code twice with ALREADY_SOLD and writes nothing', async () => {
    const code = take(nj.id);
    expect((await scan(njAdmin, { code })).errors).toEqual([]);
    const before = await snapshot();
    const again = await scan(njAdmin, { code });
    expect(again.errors).toEqual([expect.objectContaining({ code: 'ALREADY_SOLD', field: 'code' })]);
    expect(again.serialCode).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('sells exactly once when two sales of the same code race', async () => {
    const code = take(nj.id);
    const results = await Promise.all([scan(njAdmin, { code }), scan(njAdmin, { code })]);
    const ok = results.filter((r) => r.errors.length === 0);
    expect(ok).toHaveLength(1);
    expect(results.find((r) => r.errors.length)!.errors[0]!.code).toBe('ALREADY_SOLD');
    expect(await db.orm.em.fork().count(TraceEvent, { code, action: TraceAction.SELL })).toBe(1);
  });

  it('lets the provincial agent sell in any city of its province', async () => {
    const res = await scan(jsAdmin, { code: take(js.id), regionId: 'reg_js_sz' });
    expect(res.errors).toEqual([]);
    expect(res.diversionAlert).toBeNull();
  });
});

describe('ScanService.scan: receipt', () => {
  it('receives an in-transit pallet with everything packed in it, one event per code', async () => {
    const em = db.orm.em.fork();
    const pallet = await em.findOneOrFail(SerialCode, { level: CodeLevel.PALLET, status: CodeStatus.SHIPPED });
    const cases = await em.find(SerialCode, { parentCode: pallet.code });
    const items = await em.find(SerialCode, { parentCode: { $in: cases.map((c) => c.code) } });
    const tree = [pallet, ...cases, ...items].map((c) => c.code);
    expect(tree).toHaveLength(53);
    const owner = dealers.find((d) => d.id === pallet.ownerDealerId)!;
    const staff: Viewer = {
      userId: 'usr_owner_staff',
      role: Role.DEALER_STAFF,
      dealerId: owner.id,
      regionId: owner.regionId,
    };
    const eventsBefore = await em.count(TraceEvent, { action: TraceAction.RECEIVE });

    const res = await scan(staff, { code: pallet.code, action: ScanAction.RECEIVE, regionId: owner.regionId });
    expect(res.errors).toEqual([]);
    expect(res.serialCode?.status).toBe(CodeStatus.RECEIVED);
    const after = db.orm.em.fork();
    expect(await after.count(SerialCode, { code: { $in: tree }, status: CodeStatus.RECEIVED })).toBe(53);
    expect((await after.count(TraceEvent, { action: TraceAction.RECEIVE })) - eventsBefore).toBe(53);

    const twice = await scan(staff, { code: pallet.code, action: ScanAction.RECEIVE, regionId: owner.regionId });
    expect(twice.errors[0]!.code).toBe('ALREADY_RECEIVED');
  });

  it('never flags a receipt, wherever it is recorded', async () => {
    const em = db.orm.em.fork();
    // Put one of the Nanjing dealer's items back in transit, then record its receipt far away.
    const code = take(nj.id);
    await em.nativeUpdate(SerialCode, { code }, { status: CodeStatus.SHIPPED });
    const res = await scan(hq, { code, action: ScanAction.RECEIVE, regionId: 'reg_hl_hrb' });
    expect(res.errors).toEqual([]);
    expect(res.diversionAlert).toBeNull();
  });
});

describe('ScanService.scan: diversion', () => {
  it("raises an OPEN alert and marks the event when the agent's code is scanned in another province", async () => {
    const code = take(js.id);
    const res = await scan(jsAdmin, { code, action: ScanAction.SCAN, regionId: 'reg_zj_hz' });
    expect(res.errors).toEqual([]);
    expect(res.serialCode?.status).toBe(CodeStatus.RECEIVED);
    expect(res.event?.diverted).toBe(true);
    expect(res.diversionAlert).toMatchObject({
      code,
      ownerDealerId: js.id,
      ownerAuthorizedRegionIds: 'reg_js',
      detectedRegionId: 'reg_zj_hz',
      detectedRegionPath: '/reg_cn/reg_east/reg_zj/reg_zj_hz/',
      detectedByDealerId: js.id,
      eventId: res.event!.id,
      status: AlertStatus.OPEN,
    });
    const em = db.orm.em.fork();
    expect(await em.findOne(DiversionAlert, { id: res.diversionAlert!.id })).toBeTruthy();
    expect((await em.findOneOrFail(TraceEvent, { id: res.event!.id })).diverted).toBe(true);
    // The alert's event committed with it, for HQ and the managers above the detecting region only.
    const events = await em.find(OutboxEvent, {
      type: EventType.DIVERSION_DETECTED,
      subjectId: res.diversionAlert!.id,
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.scope).toEqual({ dealerIds: [], regionPath: ['reg_cn', 'reg_east', 'reg_zj', 'reg_zj_hz'] });
    expect(events[0]!.payload).toMatchObject({ code, ownerDealerId: js.id });
  });

  it("treats a neighbouring city as outside a city dealer's territory, also for HQ inspectors", async () => {
    const sale = await scan(njAdmin, { code: take(nj.id), regionId: 'reg_js_sz' });
    expect(sale.diversionAlert?.detectedRegionId).toBe('reg_js_sz');
    expect(sale.serialCode?.status).toBe(CodeStatus.SOLD);
    const inspection = await scan(hq, { code: take(nj.id), action: ScanAction.SCAN, regionId: 'reg_gd_gz' });
    expect(inspection.diversionAlert).toMatchObject({ detectedByDealerId: null, detectedRegionId: 'reg_gd_gz' });
    expect(inspection.event?.dealerId).toBeNull();
  });
});

describe('ScanService.scan: refusals write nothing', () => {
  it.each<[string, () => Viewer, () => Partial<ScanCodeInput>, { code: string; field: string | null }[]]>([
    ['a malformed code', () => njAdmin, () => ({ code: 'JH-not-a-code' }), [{ code: 'BAD_USER_INPUT', field: 'code' }]],
    [
      'an unknown region',
      () => njAdmin,
      () => ({ code: pool.get(nj.id)![0]!, regionId: 'reg_atlantis' }),
      [{ code: 'NOT_FOUND', field: 'regionId' }],
    ],
    [
      'bad code and region together',
      () => njAdmin,
      () => ({ code: 'x', regionId: 'reg_atlantis' }),
      [
        { code: 'BAD_USER_INPUT', field: 'code' },
        { code: 'NOT_FOUND', field: 'regionId' },
      ],
    ],
    [
      'an overlong note',
      () => njAdmin,
      () => ({ code: pool.get(nj.id)![0]!, note: 'x'.repeat(501) }),
      [{ code: 'BAD_USER_INPUT', field: 'note' }],
    ],
    ['an unknown code', () => njAdmin, () => ({ code: 'JH0000000000000000' }), [{ code: 'NOT_FOUND', field: 'code' }]],
    [
      "another dealer's code",
      () => njAdmin,
      () => ({ code: pool.get(js.id)![0]! }),
      [{ code: 'NOT_FOUND', field: 'code' }],
    ],
  ])('%s', async (_name, viewer, input, expected) => {
    const before = await snapshot();
    const res = await scan(viewer(), input());
    expect(res.errors.map((e) => ({ code: e.code, field: e.field }))).toEqual(expected);
    expect(res).toMatchObject({ serialCode: null, event: null, diversionAlert: null });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to sell cases, codes still at HQ, or to receive what was already received', async () => {
    const em = db.orm.em.fork();
    const kase = await em.findOneOrFail(SerialCode, { level: CodeLevel.CASE, ownerDealerId: nj.id });
    const atHq = await em.findOneOrFail(SerialCode, { level: CodeLevel.ITEM, ownerDealerId: null });
    const before = await snapshot();
    expect((await scan(njAdmin, { code: kase.code })).errors[0]!.code).toBe('NOT_AN_ITEM');
    expect((await scan(hq, { code: atHq.code })).errors[0]!.code).toBe('NOT_SHIPPED');
    expect((await scan(njAdmin, { code: pool.get(nj.id)![0]!, action: ScanAction.RECEIVE })).errors[0]!.code).toBe(
      'ALREADY_RECEIVED',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses managers, partners and anonymous callers outright', async () => {
    const code = pool.get(nj.id)![0]!;
    await expect(scan(east, { code })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(scan({ userId: 'p', role: Role.PARTNER }, { code })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(scan(null, { code })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('ScanService.scan: retail price', () => {
  const outbox = (type: EventType) => db.orm.em.fork().find(OutboxEvent, { type }, { orderBy: { seq: 'asc' } });
  const written = async () => {
    const em = db.orm.em.fork();
    return { ...(await snapshot()), outbox: await em.count(OutboxEvent, {}) };
  };

  it('stores the price on the SELL event and records traceability.retail_sold with it', async () => {
    const code = take(nj.id);
    const res = await scan(njAdmin, { code, retailPrice: '52.80' });
    expect(res.errors).toEqual([]);
    expect(res.event?.retailPriceMinor).toBe(5280);
    const stored = await db.orm.em.fork().findOneOrFail(TraceEvent, { id: res.event!.id });
    expect(stored.retailPriceMinor).toBe(5280);
    const sold = (await outbox(EventType.RETAIL_SOLD)).find((e) => e.subjectId === code)!;
    expect(sold.payload).toMatchObject({ code, dealerId: nj.id, regionId: 'reg_js_nj', priceMinor: 5280 });
    expect(sold.scope).toMatchObject({ dealerIds: [nj.id], regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'] });
  });

  it('records the sale with a null price when none was entered, and names the owner when HQ sells', async () => {
    const code = take(nj.id);
    expect((await scan(hq, { code })).errors).toEqual([]);
    const sold = (await outbox(EventType.RETAIL_SOLD)).find((e) => e.subjectId === code)!;
    expect(sold.payload).toMatchObject({ dealerId: nj.id, priceMinor: null });
  });

  it('refuses a price of zero or less, a malformed one and a price on another action, writing nothing', async () => {
    const code = take(nj.id);
    const before = await written();
    for (const [retailPrice, expected] of [
      ['0', 'PRICE_NOT_POSITIVE'],
      ['-3.00', 'PRICE_NOT_POSITIVE'],
      ['12.345', 'BAD_USER_INPUT'],
    ] as const) {
      const res = await scan(njAdmin, { code, retailPrice });
      expect(res.errors).toEqual([expect.objectContaining({ code: expected, field: 'retailPrice' })]);
    }
    const onScan = await scan(njAdmin, { code, action: ScanAction.SCAN, retailPrice: '10.00' });
    expect(onScan.errors).toEqual([expect.objectContaining({ code: 'PRICE_ONLY_ON_SELL', field: 'retailPrice' })]);
    expect(await written()).toEqual(before);
  });
});
