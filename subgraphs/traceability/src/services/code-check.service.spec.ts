import { AuditEntry, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeBatch } from '../entities/code-batch.entity.js';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import { TraceEvent } from '../entities/trace-event.entity.js';
import { traceabilitySubgraph } from '../subgraph.js';
import type { TraceabilityLoaders } from '../traceability-context.js';
import { CodeCheckService, MAX_CODES_PER_CALL } from './code-check.service.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };

let db: TestSubgraph<TraceabilityLoaders>;
const checks = new CodeCheckService();
/** The pallet of the unshipped lot in the East regional warehouse, its cases and their items. */
let pallet: SerialCode;
let cases: SerialCode[];
let itemsOf: Map<string, SerialCode[]>;
/** A case a dealer received, with its items. */
let held: SerialCode;
let heldItems: SerialCode[];

const ship = (codes: string[], quantity = 48, warehouseId = 'wh_east', productId = pallet.productId) =>
  checks.checkShip(db.context(service), { warehouseId, lines: [{ productId, quantity }], codes });
const back = (codes: string[], dealerId = held.ownerDealerId!, quantity = 12) =>
  checks.checkReturn(db.context(service), {
    dealerId,
    lines: [{ productId: held.productId, quantity }],
    codes,
  });

/** Rows of every table a write would touch. */
const counts = () => {
  const em = db.orm.em.fork();
  return Promise.all([TraceEvent, CodeBatch, AuditEntry, OutboxEvent].map((table) => em.count(table as never, {})));
};

beforeAll(async () => {
  db = await openTestSubgraph(traceabilitySubgraph, { seed: true });
  const em = db.orm.em.fork();
  const unshipped = await em.find(SerialCode, { locationWarehouseId: 'wh_east' }, { orderBy: { code: 'asc' } });
  pallet = unshipped.find((c) => c.level === CodeLevel.PALLET)!;
  cases = unshipped.filter((c) => c.parentCode === pallet.code);
  itemsOf = new Map(cases.map((c) => [c.code, unshipped.filter((i) => i.parentCode === c.code)]));
  held = (await em.find(SerialCode, { status: CodeStatus.RECEIVED, level: CodeLevel.CASE }, { limit: 1 }))[0]!;
  heldItems = await em.find(SerialCode, { parentCode: held.code, status: CodeStatus.RECEIVED });
}, 120_000);

afterAll(() => db?.close());

describe('checkShipCodes', () => {
  it('accepts a pallet of 4 cases of 12 items for 48 units, a case for 12, and lower case input', async () => {
    expect(await ship([pallet.code])).toEqual([]);
    expect(await ship([cases[0]!.code.toLowerCase()], 12)).toEqual([]);
    expect(await ship([cases[0]!.code, itemsOf.get(cases[1]!.code)![0]!.code], 13)).toEqual([]);
  });

  it('answers SERIAL_CODE_UNKNOWN for malformed and unknown codes', async () => {
    const problems = await ship(['nonsense', 'JH0000000000000000', cases[0]!.code], 12);
    expect(problems.map((p) => [p.code, p.errorCode])).toEqual([
      ['nonsense', 'SERIAL_CODE_UNKNOWN'],
      ['JH0000000000000000', 'SERIAL_CODE_UNKNOWN'],
    ]);
  });

  it('answers SERIAL_CODE_NOT_IN_WAREHOUSE for another warehouse and for codes a dealer holds', async () => {
    expect((await ship([pallet.code], 48, 'wh_hq')).map((p) => p.errorCode)).toEqual(['SERIAL_CODE_NOT_IN_WAREHOUSE']);
    const problems = await ship([held.code], 12, 'wh_east', held.productId);
    expect(problems).toEqual([expect.objectContaining({ code: held.code, errorCode: 'SERIAL_CODE_NOT_IN_WAREHOUSE' })]);
  });

  it('answers SERIAL_CODE_DUPLICATE for a code named twice and for an item inside a named case', async () => {
    const item = itemsOf.get(cases[0]!.code)![3]!;
    const problems = await ship([cases[0]!.code, item.code, cases[0]!.code, pallet.code]);
    expect(problems.map((p) => [p.code, p.errorCode])).toEqual([
      [item.code, 'SERIAL_CODE_DUPLICATE'],
      [cases[0]!.code, 'SERIAL_CODE_DUPLICATE'],
      [pallet.code, 'SERIAL_CODE_DUPLICATE'],
    ]);
  });

  it('answers SERIAL_CODE_PRODUCT_MISMATCH when the codes carry a product not on the lines', async () => {
    const problems = await ship([cases[0]!.code], 12, 'wh_east', 'prd_other');
    expect(problems.map((p) => p.errorCode)).toEqual(['SERIAL_CODE_PRODUCT_MISMATCH']);
  });

  it('answers SERIAL_CODES_EXCEED_QUANTITY on the codes whose items pass the units', async () => {
    expect((await ship([pallet.code], 47)).map((p) => p.errorCode)).toEqual(['SERIAL_CODES_EXCEED_QUANTITY']);
    const [a, b, c] = cases;
    const problems = await ship([a!.code, b!.code, c!.code], 24);
    expect(problems.map((p) => [p.code, p.errorCode])).toEqual([[c!.code, 'SERIAL_CODES_EXCEED_QUANTITY']]);
  });

  it('answers TOO_MANY_SERIAL_CODES past the limit', async () => {
    const codes = Array.from({ length: MAX_CODES_PER_CALL + 1 }, () => pallet.code);
    expect((await ship(codes)).map((p) => p.errorCode)).toEqual(['TOO_MANY_SERIAL_CODES']);
  });
});

describe('checkReturnCodes', () => {
  it("accepts the dealer's received case for its 12 units and refuses more items than units", async () => {
    expect(await back([held.code], held.ownerDealerId!, heldItems.length)).toEqual([]);
    const problems = await back([held.code], held.ownerDealerId!, heldItems.length - 1);
    expect(problems.map((p) => p.errorCode)).toEqual(['SERIAL_CODES_EXCEED_QUANTITY']);
  });

  it('answers SERIAL_CODE_NOT_OWNED for codes of another dealer and codes still at the brand', async () => {
    const problems = await back([held.code, cases[0]!.code], 'dlr_nobody');
    expect(problems.map((p) => [p.code, p.errorCode])).toEqual([
      [held.code, 'SERIAL_CODE_NOT_OWNED'],
      [cases[0]!.code, 'SERIAL_CODE_NOT_OWNED'],
    ]);
  });

  it('answers SERIAL_CODE_NOT_OWNED for a sold item', async () => {
    const em = db.orm.em.fork();
    const sold = (await em.find(SerialCode, { status: CodeStatus.SOLD }, { limit: 1 }))[0]!;
    const problems = await checks.checkReturn(db.context(service), {
      dealerId: sold.ownerDealerId!,
      lines: [{ productId: sold.productId, quantity: 1 }],
      codes: [sold.code],
    });
    expect(problems.map((p) => p.errorCode)).toEqual(['SERIAL_CODE_NOT_OWNED']);
  });

  it('writes nothing, whatever it answers', async () => {
    const before = await counts();
    await ship([pallet.code, 'nonsense']);
    await back([held.code, cases[0]!.code]);
    expect(await counts()).toEqual(before);
  });
});
