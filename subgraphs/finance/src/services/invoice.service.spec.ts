import { encodeCursor, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice, InvoiceStatus } from '../entities/invoice.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { InvoiceSort } from '../schema/invoice.input.js';
import { financeSubgraph } from '../subgraph.js';
import { daysOverdue, invoiceStatus, InvoiceService, outstandingMinor } from './invoice.service.js';

const DAY = 86_400_000;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn' };
const south: Viewer = { userId: 'usr_south_manager', role: Role.REGION_MANAGER, regionId: 'reg_south' };
const njStaff: Viewer = {
  userId: 'usr_nj_staff',
  role: Role.DEALER_STAFF,
  dealerId: 'dlr_0003',
  regionId: 'reg_js_nj',
};

let db: TestSubgraph<FinanceLoaders>;
const service = new InvoiceService();

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('invoice rules', () => {
  const now = new Date('2026-11-22T00:00:00Z');
  const dueAt = new Date('2026-11-12T00:00:00Z');
  it('derives status, outstanding and days overdue', () => {
    expect(invoiceStatus({ paidAt: null, dueAt }, now)).toBe(InvoiceStatus.OVERDUE);
    expect(invoiceStatus({ paidAt: null, dueAt: new Date(now.getTime() + DAY) }, now)).toBe(InvoiceStatus.OPEN);
    expect(invoiceStatus({ paidAt: new Date(now.getTime() - DAY), dueAt }, now)).toBe(InvoiceStatus.PAID);
    // Due on 11 November (Beijing): 22 November 08:00 Beijing is 11 business days on.
    const dueDate = '2026-11-11';
    expect(daysOverdue({ paidAt: null, dueDate }, now)).toBe(11);
    expect(daysOverdue({ paidAt: new Date('2026-11-14T15:00:00Z'), dueDate }, now)).toBe(3);
    expect(daysOverdue({ paidAt: new Date('2026-11-10T02:00:00Z'), dueDate }, now)).toBe(0);
    expect(daysOverdue({ paidAt: null, dueDate: '2026-11-23' }, now)).toBe(0);
    // The first business day after the due date is day 1, from its first minute: 24-hour slices from
    // the due instant (the start of 12 November in Beijing) said 0 until 16:00 UTC.
    expect(daysOverdue({ paidAt: null, dueDate }, new Date('2026-11-11T16:30:00Z'))).toBe(1);
    expect(daysOverdue({ paidAt: null, dueDate }, new Date('2026-11-11T15:30:00Z'))).toBe(0);
    expect(outstandingMinor({ amountMinor: 1_234_567, paidMinor: 234_560 })).toBe(1_000_007);
  });
});

describe('InvoiceService scoping', () => {
  it('shows dealer users only their own invoices, whatever the filter says', async () => {
    const own = await service.list(db.context(njStaff), { first: 100 });
    expect(own.totalCount).toBeGreaterThan(0);
    expect(own.edges.every((e) => e.node.dealerId === 'dlr_0003')).toBe(true);
    const foreign = await service.list(db.context(njStaff), { first: 10, filter: { dealerId: 'dlr_0002' } });
    expect(foreign.totalCount).toBe(0);
    const other = await db.orm.em.fork().findOneOrFail(Invoice, { dealerId: 'dlr_0002' });
    await expect(service.findOne(db.context(njStaff), other.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.findOne(db.context(hq), other.id)).dealerId).toBe('dlr_0002');
  });

  it("limits a manager to the region's dealers", async () => {
    const page = await service.list(db.context(south), { first: 100 });
    expect(page.totalCount).toBeGreaterThan(0);
    expect(page.edges.every((e) => e.node.dealerRegionPath.startsWith('/reg_cn/reg_south/'))).toBe(true);
    const nj = await db.orm.em.fork().findOneOrFail(Invoice, { dealerId: 'dlr_0003' });
    await expect(service.findOne(db.context(south), nj.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("refuses a warehouse operator every invoice, and shows a finance clerk every dealer's", async () => {
    const operator: Viewer = { userId: 'u', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_hq'] };
    await expect(service.list(db.context(operator), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const any = await db.orm.em.fork().findOneOrFail(Invoice, { dealerId: 'dlr_0002' });
    await expect(service.findOne(db.context(operator), any.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const clerk: Viewer = { userId: 'u', role: Role.FINANCE_CLERK };
    expect((await service.list(db.context(clerk), { first: 0 })).totalCount).toBe(
      (await service.list(db.context(hq), { first: 0 })).totalCount,
    );
  });

  it('refuses callers without a finance scope', async () => {
    await expect(service.list(db.context(null), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.list(db.context({ userId: 'p', role: Role.PARTNER }), {})).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('InvoiceService.list', () => {
  it('filters by status as of now, and the statuses partition the list', async () => {
    const now = new Date();
    const all = await service.list(db.context(hq), { first: 0 });
    let sum = 0;
    for (const status of [InvoiceStatus.OPEN, InvoiceStatus.PAID, InvoiceStatus.OVERDUE]) {
      const page = await service.list(db.context(hq), { first: 100, filter: { status } });
      expect(page.totalCount).toBeGreaterThan(0);
      expect(page.edges.every((e) => invoiceStatus(e.node, now) === status)).toBe(true);
      sum += page.totalCount;
    }
    expect(sum).toBe(all.totalCount);
  });

  it('filters by dealer and due date', async () => {
    const cutoff = new Date(Date.now() - 90 * DAY);
    const page = await service.list(db.context(hq), {
      first: 100,
      filter: { dealerId: 'dlr_0002', dueBefore: cutoff },
    });
    expect(page.totalCount).toBeGreaterThan(0);
    expect(page.edges.every((e) => e.node.dealerId === 'dlr_0002' && e.node.dueAt < cutoff)).toBe(true);
  });

  it('pages through a dealer newest first and by due date without gaps or repeats', async () => {
    for (const sort of [InvoiceSort.NEWEST, InvoiceSort.DUE_SOONEST]) {
      const seen: Invoice[] = [];
      let after: string | null = null;
      let total: number;
      do {
        const page = await service.list(db.context(njStaff), { first: 9, after, sort });
        total = page.totalCount;
        seen.push(...page.edges.map((e) => e.node));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(new Set(seen.map((i) => i.id)).size).toBe(total);
      const keys = seen.map((i) => (sort === InvoiceSort.NEWEST ? -i.issuedAt.getTime() : i.dueAt.getTime()));
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
    }
  });

  it('refuses bad input with codes', async () => {
    await expect(service.list(db.context(hq), { first: 500 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.list(db.context(hq), { filter: { dealerId: 'nope; drop table' } })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(service.list(db.context(hq), { filter: { dueBefore: new Date('x') } })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(service.list(db.context(hq), { after: 'zzz' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(service.list(db.context(hq), { after: encodeCursor(['not a date', 'inv_1']) })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
    await expect(service.findOne(db.context(hq), 'INV-1')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.findOne(db.context(hq), 'inv_999999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
