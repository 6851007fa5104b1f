import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD, type TestPlatform } from './platform.js';

/** Finance's default receiving account (BANK_ACCOUNTS' demo account): a bank file must name it. */
export const DEMO_BANK_ACCOUNT = '6222020000000000001';

/** Today in Beijing ("2026-12-07"): finance's business day, the latest value date a payment may carry. */
export function businessToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

let gbkTable: Map<string, number[]> | undefined;

/**
 * Encodes text as GBK, as the Chinese banks export: the reverse of the runtime's own `gbk`
 * TextDecoder over every two-byte code, so the test needs no encoding library of its own.
 */
export function gbkEncode(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk', { fatal: true });
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        try {
          const ch = decoder.decode(new Uint8Array([lead, trail]));
          if (!gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
        } catch {
          // Not a GBK code.
        }
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (gbkTable.has(ch)) bytes.push(...gbkTable.get(ch)!);
    else throw new Error(`no GBK code for ${ch}`);
  }
  return Buffer.from(bytes);
}

/** One credit line of a bank export. */
export interface BankCsvRow {
  date: string;
  /** As the bank prints it: "1,234.50", or a bad amount on purpose. */
  amount: string;
  payerName: string;
  payerAccount: string;
  summary: string;
  /** 交易流水号: the payment's reference when given. */
  serial?: string;
}

/**
 * A 交易明细 export: two preamble lines (account and period), the header on line 3, one line per
 * row from line 4, and a 合计 row the parser ignores. Fields are quoted (amounts hold commas).
 */
export function bankCsv(rows: readonly BankCsvRow[], account = DEMO_BANK_ACCOUNT): string {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = [
    `账号：${account}`,
    `户名：品牌总部基本户`,
    '交易日期,贷方发生额,对方户名,对方账号,摘要,交易流水号',
    ...rows.map((r) => [r.date, r.amount, r.payerName, r.payerAccount, r.summary, r.serial ?? ''].map(q).join(',')),
    `合计,,,,,`,
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** A fresh browser context signed in to the console as `username`, on the page it lands on. */
export async function signInConsole(
  browser: Browser,
  base: string,
  username: string,
  contexts: BrowserContext[],
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${base}/console/login`);
  await page.locator('[data-testid=login-form]').waitFor();
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', DEMO_PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 15_000 });
  return page;
}

const INVOICES = /* GraphQL */ `
  query Invoices($dealerId: ID!) {
    invoices(first: 50, filter: { dealerId: $dealerId }) {
      edges {
        node {
          id
          number
          order {
            id
          }
          amount {
            amount
          }
          outstanding {
            amount
          }
        }
      }
    }
  }
`;

/** An invoice as the bank file tests read it. */
export interface OrderInvoice {
  id: string;
  number: string;
  order: { id: string } | null;
  amount: { amount: string };
  outstanding: { amount: string };
}

/** An order's invoices, once each of its `shipments` has been invoiced (the SHIP task runs after the ship). */
export async function orderInvoices(
  t: TestPlatform,
  order: { id: string; dealer: { id: string }; shipments: readonly unknown[] },
  token: string,
): Promise<OrderInvoice[]> {
  let mine: OrderInvoice[] = [];
  await expect
    .poll(
      async () => {
        const res = await t.gql(INVOICES, { dealerId: order.dealer.id }, token);
        mine = (res.data?.invoices.edges ?? [])
          .map((e: { node: OrderInvoice }) => e.node)
          .filter((i: OrderInvoice) => i.order?.id === order.id);
        return mine.length;
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBe(order.shipments.length);
  return mine;
}
