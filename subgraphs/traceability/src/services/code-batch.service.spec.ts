import { demoNetwork } from '@dnp/demo-data';
import { AuditEntry, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeBatch } from '../entities/code-batch.entity.js';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import { TraceAction, TraceEvent } from '../entities/trace-event.entity.js';
import { traceabilitySubgraph } from '../subgraph.js';
import type { TraceabilityLoaders } from '../traceability-context.js';
import { CodeBatchService, type LinkShipmentCodes } from './code-batch.service.js';
import { CodeQuarantineService } from './code-quarantine.service.js';
import { SerialCodeService } from './serial-code.service.js';

const { dealers } = demoNetwork();
const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn' };
const jsAdmin: Viewer = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: js.id, regionId: 'reg_js' };
const other: Viewer = { userId: 'usr_x', role: Role.DEALER_ADMIN, dealerId: 'dlr_other', regionId: 'reg_js' };
const operator = (...warehouseIds: string[]): Viewer => ({
  userId: 'usr_wh_east_op',
  role: Role.WAREHOUSE_OPERATOR,
  warehouseIds,
});

let db: TestSubgraph<TraceabilityLoaders>;
const batches = new CodeBatchService();
const quarantine = new CodeQuarantineService();
const reads = new SerialCodeService();
let pallet: SerialCode;
let cases: SerialCode[];

const link = (codes: string[], extra: Partial<LinkShipmentCodes> = {}) =>
  batches.link(db.context(service), {
    key: 'ship:shp_1',
    shipmentId: 'shp_1',
    orderId: 'ord_1',
    dealerId: js.id,
    dealerRegionPath: '/reg_cn/reg_east/reg_js/',
    authorizedRegionIds: ['reg_js'],
    warehouseId: 'wh_east',
    codes,
    ...extra,
  });

async function counts() {
  const em = db.orm.em.fork();
  return [
    await em.count(TraceEvent, {}),
    await em.count(CodeBatch, {}),
    await em.count(AuditEntry, {}),
    await em.count(OutboxEvent, {}),
  ];
}

async function codesOf(parent: SerialCode): Promise<SerialCode[]> {
  const em = db.orm.em.fork();
  return em.find(
    SerialCode,
    { $or: [{ code: parent.code }, { parentCode: parent.code }] },
    { orderBy: { code: 'asc' } },
  );
}

const shipmentCodes = `query ($id: ID!, $after: String) {
  _entities(representations: [{ __typename: "Shipment", id: $id }]) {
    ... on Shipment { serialCodes(first: 5, after: $after) { totalCount edges { cursor node { code status } } } }
  }
}`;
async function listed(viewer: Viewer, after?: string) {
  const res = await db.execute(shipmentCodes, { id: 'shp_1', after }, viewer);
  expect(res.errors).toBeUndefined();
  return (res.data as { _entities: { serialCodes: { totalCount: number; edges: { cursor: string }[] } }[] })
    ._entities[0]!.serialCodes;
}

beforeAll(async () => {
  db = await openTestSubgraph(traceabilitySubgraph, { seed: true });
  const em = db.orm.em.fork();
  pallet = await em.findOneOrFail(SerialCode, { locationWarehouseId: 'wh_east', level: CodeLevel.PALLET });
  cases = await em.find(SerialCode, { parentCode: pallet.code }, { orderBy: { code: 'asc' } });
}, 120_000);

afterAll(() => db?.close());

describe('linkShipmentCodes', () => {
  it('refuses a code that cannot ship from the warehouse, writing nothing', async () => {
    const before = await counts();
    const res = await link([cases[0]!.code], { warehouseId: 'wh_hq' });
    expect(res.errors.map((e) => e.code)).toEqual(['SERIAL_CODE_NOT_IN_WAREHOUSE']);
    expect(await counts()).toEqual(before);
  });

  it('ships a case with its 12 items: one SHIP event each, codes_shipped and one audit entry', async () => {
    const before = await counts();
    const res = await link([cases[0]!.code]);
    expect(res).toEqual({ codeCount: 13, errors: [] });
    const rows = await codesOf(cases[0]!);
    expect(rows).toHaveLength(13);
    for (const c of rows)
      expect(c).toMatchObject({
        status: CodeStatus.SHIPPED,
        ownerDealerId: js.id,
        ownerRegionPath: '/reg_cn/reg_east/reg_js/',
        ownerAuthorizedRegionIds: 'reg_js',
        shipmentId: 'shp_1',
        locationWarehouseId: null,
      });
    const em = db.orm.em.fork();
    const events = await em.find(TraceEvent, { code: { $in: rows.map((c) => c.code) }, action: TraceAction.SHIP });
    const fresh = events.filter((e) => e.details?.includes('shp_1'));
    expect(fresh).toHaveLength(13);
    expect(JSON.parse(fresh[0]!.details!)).toEqual({ shipmentId: 'shp_1', orderId: 'ord_1' });
    expect(fresh[0]).toMatchObject({
      dealerId: js.id,
      warehouseId: 'wh_east',
      bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
    });
    const [outbox] = await em.find(OutboxEvent, { type: EventType.CODES_SHIPPED, subjectId: 'shp_1' });
    expect(outbox!.payload).toEqual({ shipmentId: 'shp_1', dealerId: js.id, warehouseId: 'wh_east', codeCount: 13 });
    expect(outbox!.scope).toEqual({ dealerIds: [js.id], regionPath: ['reg_cn', 'reg_east', 'reg_js'] });
    expect(await em.count(AuditEntry, { operation: 'linkShipmentCodes', entityId: 'shp_1' })).toBe(1);
    const after = await counts();
    expect(after.map((n, i) => n - before[i]!)).toEqual([13, 1, 1, 1]);
  });

  it('answers a replay of the key with the first count and writes nothing, also for concurrent twins', async () => {
    const before = await counts();
    const replays = await Promise.all([link([cases[0]!.code]), link([cases[0]!.code]), link(['changed'])]);
    expect(replays).toEqual([0, 1, 2].map(() => ({ codeCount: 13, errors: [] })));
    expect(await counts()).toEqual(before);
    const twins = { key: 'ship:shp_4', shipmentId: 'shp_4' };
    const both = await Promise.all([link([cases[2]!.code], twins), link([cases[2]!.code], twins)]);
    expect(both).toEqual([0, 1].map(() => ({ codeCount: 13, errors: [] })));
    expect((await counts()).map((n, i) => n - before[i]!)).toEqual([13, 1, 1, 1]);
  });

  it('refuses an item of the shipped case under a new key, and a key used for another action', async () => {
    const before = await counts();
    const item = (await codesOf(cases[0]!)).find((c) => c.level === CodeLevel.ITEM)!;
    const again = await link([item.code], { key: 'ship:shp_2', shipmentId: 'shp_2' });
    expect(again.errors.map((e) => e.code)).toEqual(['SERIAL_CODE_NOT_IN_WAREHOUSE']);
    const reused = await batches.receive(db.context(service), { key: 'ship:shp_1', shipmentId: 'shp_1' });
    expect(reused.errors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await counts()).toEqual(before);
  });

  it("lists the shipment's codes by code within each reader's scope", async () => {
    const first = await listed(hq);
    expect(first.totalCount).toBe(13);
    expect(first.edges).toHaveLength(5);
    expect((await listed(hq, first.edges[4]!.cursor)).edges).toHaveLength(5);
    expect((await listed(jsAdmin)).totalCount).toBe(13);
    expect((await listed(other)).totalCount).toBe(0);
    // In transit the codes lie in no warehouse, so no operator reads them.
    expect((await listed(operator('wh_east'))).totalCount).toBe(0);
  });
});

describe('receiveShipmentCodes', () => {
  it("receives the shipment's codes into the dealer's warehouse, once", async () => {
    const input = { key: 'receive:shp_1', shipmentId: 'shp_1', warehouseId: 'wh_js' };
    expect(await batches.receive(db.context(service), input)).toEqual({ codeCount: 13, errors: [] });
    const rows = await codesOf(cases[0]!);
    for (const c of rows) expect(c).toMatchObject({ status: CodeStatus.RECEIVED, locationWarehouseId: 'wh_js' });
    const em = db.orm.em.fork();
    const events = await em.find(TraceEvent, { code: rows[0]!.code, action: TraceAction.RECEIVE });
    expect(events.at(-1)).toMatchObject({ dealerId: js.id, warehouseId: 'wh_js' });
    const before = await counts();
    expect(await batches.receive(db.context(service), input)).toEqual({ codeCount: 13, errors: [] });
    expect(await counts()).toEqual(before);
    expect(await reads.visible(db.context(operator('wh_js')), rows[0]!.code)).not.toBeNull();
  });
});

describe('returnCodes', () => {
  it('refuses codes no dealer holds, writing nothing', async () => {
    const before = await counts();
    const res = await batches.returnCodes(db.context(service), {
      key: 'return:ret_0',
      returnId: 'ret_0',
      warehouseId: 'wh_hq',
      codes: [cases[1]!.code],
      quarantined: false,
    });
    expect(res.errors.map((e) => e.code)).toEqual(['SERIAL_CODE_NOT_OWNED']);
    expect(await counts()).toEqual(before);
  });

  it('takes two items back into quarantine: RETURNED, no owner, RETURN events and codes_returned', async () => {
    const items = (await codesOf(cases[0]!)).filter((c) => c.level === CodeLevel.ITEM).slice(0, 2);
    const input = {
      key: 'return:ret_1',
      returnId: 'ret_1',
      warehouseId: 'wh_hq',
      codes: items.map((c) => c.code),
      quarantined: true,
    };
    expect(await batches.returnCodes(db.context(service), input)).toEqual({ codeCount: 2, errors: [] });
    const em = db.orm.em.fork();
    for (const c of await em.find(SerialCode, { code: { $in: input.codes } }))
      expect(c).toMatchObject({
        status: CodeStatus.RETURNED,
        ownerDealerId: null,
        ownerRegionPath: null,
        locationWarehouseId: 'wh_hq',
        quarantined: true,
      });
    const [event] = await em.find(TraceEvent, { code: items[0]!.code, action: TraceAction.RETURN });
    expect(event).toMatchObject({
      bizStep: 'urn:epcglobal:cbv:bizstep:receiving',
      dealerId: js.id,
      warehouseId: 'wh_hq',
    });
    expect(JSON.parse(event!.details!)).toMatchObject({
      returnId: 'ret_1',
      shipmentId: 'shp_1',
      disposition: 'urn:epcglobal:cbv:disp:returned',
    });
    const [outbox] = await em.find(OutboxEvent, { type: EventType.CODES_RETURNED, subjectId: 'ret_1' });
    expect(outbox!.payload).toEqual({ returnId: 'ret_1', warehouseId: 'wh_hq', codeCount: 2, quarantined: true });
    expect(outbox!.scope).toEqual({ hqOnly: true });
    // Quarantined codes cannot ship again; HQ's operators now read them, the dealer no longer does.
    const reship = await link([items[0]!.code], { key: 'ship:shp_3', shipmentId: 'shp_3', warehouseId: 'wh_hq' });
    expect(reship.errors.map((e) => e.code)).toEqual(['SERIAL_CODE_NOT_IN_WAREHOUSE']);
    expect(await reads.visible(db.context(operator('wh_hq')), items[0]!.code)).not.toBeNull();
    expect(await reads.visible(db.context(jsAdmin), items[0]!.code)).toBeNull();
  });
});

describe('releaseQuarantinedCodes', () => {
  it('releases codes beyond the units still quarantined per lot, lowest first; repeats change nothing', async () => {
    const em = db.orm.em.fork();
    const held = await em.find(
      SerialCode,
      { locationWarehouseId: 'wh_hq', quarantined: true, level: CodeLevel.ITEM },
      { orderBy: { code: 'asc' } },
    );
    expect(held).toHaveLength(2);
    const [first, second] = held;
    const release = (quarantined: number) =>
      quarantine.release(db.context(service), {
        warehouseId: 'wh_hq',
        productId: first!.productId,
        lots: [{ lotNumber: first!.lotNumber, quarantined }],
      });
    expect(await release(2)).toEqual({ codeCount: 0, errors: [] });
    expect(await release(1)).toEqual({ codeCount: 1, errors: [] });
    expect(await release(1)).toEqual({ codeCount: 0, errors: [] });
    const now = new Map(
      (await db.orm.em.fork().find(SerialCode, { code: { $in: [first!.code, second!.code] } })).map((c) => [
        c.code,
        c.quarantined,
      ]),
    );
    expect(now).toEqual(
      new Map([
        [first!.code, false],
        [second!.code, true],
      ]),
    );
    // Sellable again: the released code ships from the warehouse, the quarantined one still does not.
    const reship = await link([first!.code], { key: 'ship:shp_4', shipmentId: 'shp_4', warehouseId: 'wh_hq' });
    expect(reship.errors).toEqual([]);
    await expect(
      quarantine.release(db.context(jsAdmin), { warehouseId: 'wh_hq', productId: first!.productId, lots: [] }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
