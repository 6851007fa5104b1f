// Small fixtures of the order-to-cash acceptance suites (concurrency, bad input, the bank file pages): the
// operations they call, orders placed and approved through the API, their invoices, SQL reads of the
// subgraphs' databases and whole-database row counts (what a refusal must leave unchanged).
// Money, dates, SQL rows and bank files are in ./o2c.ts.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { fen, sqlRows } from './o2c.js';
import type { GqlResponse, TestPlatform } from './platform.js';

/** The operations the suites call, each answering its payload's errors. */
export const O2C = {
  place: /* GraphQL */ `
    mutation Place($input: PlaceOrderInput!) {
      placeOrder(input: $input) {
        order {
          id
          status
          dealer {
            id
          }
          shipments {
            id
            status
            warehouse {
              id
            }
            lines {
              quantity
              orderLine {
                id
              }
            }
          }
        }
        errors {
          code
          message
        }
      }
    }
  `,
  ship: /* GraphQL */ `
    mutation Ship($input: ShipShipmentInput!) {
      shipShipment(input: $input) {
        shipment {
          id
          status
          trackingNumber
        }
        errors {
          code
          message
          field
        }
      }
    }
  `,
  receive: /* GraphQL */ `
    mutation Receive($input: ConfirmReceiptInput!) {
      confirmReceipt(input: $input) {
        shipment {
          id
          status
        }
        errors {
          code
          message
          field
        }
      }
    }
  `,
  requestReturn: /* GraphQL */ `
    mutation Return($input: RequestReturnInput!) {
      requestReturn(input: $input) {
        returnRequest {
          id
          status
        }
        errors {
          code
          message
          field
        }
      }
    }
  `,
  pay: /* GraphQL */ `
    mutation Pay($input: RecordPaymentInput!) {
      recordPayment(input: $input) {
        payment {
          id
          amount {
            amount
          }
          allocated {
            amount
          }
          unallocated {
            amount
          }
          allocations {
            amount {
              amount
            }
          }
        }
        errors {
          code
          message
          field
        }
      }
    }
  `,
  importBank: /* GraphQL */ `
    mutation Import($input: ImportBankStatementInput!) {
      importBankStatement(input: $input) {
        import {
          id
          status
          lineCount
          importedCount
          duplicateCount
          matchedCount
          unmatchedCount
          errorCount
        }
        duplicateOf {
          id
        }
        errors {
          code
          message
          line
          column
        }
      }
    }
  `,
  confirmStatement: /* GraphQL */ `
    mutation Confirm($id: ID!, $comment: String) {
      confirmStatement(id: $id, comment: $comment) {
        statement {
          id
          status
        }
        errors {
          code
          message
        }
      }
    }
  `,
  runStatements: /* GraphQL */ `
    mutation Run($p: YearMonth!) {
      runStatements(period: $p) {
        errors {
          code
        }
      }
    }
  `,
  account: /* GraphQL */ `
    query Account($id: ID!) {
      dealer(id: $id) {
        creditAccount {
          limit {
            amount
          }
          used {
            amount
          }
          held {
            amount
          }
          balance {
            amount
          }
          available {
            amount
          }
        }
      }
    }
  `,
} as const;

/** A placed order as the suites read it. */
export interface PlacedOrder {
  id: string;
  status: string;
  dealer: { id: string };
  shipments: { id: string; status: string; warehouse: { id: string }; lines: ShipmentLineRef[] }[];
}
/** One line of a shipment: its order line and quantity. */
export interface ShipmentLineRef {
  quantity: number;
  orderLine: { id: string };
}
/** A credit account's figures in fen. */
export interface AccountFigures {
  limit: number;
  used: number;
  held: number;
  balance: number;
  available: number;
}

/** The first refusal code of a response: its payload's first error, else the GraphQL error's code; null when none. */
export function codeOf(res: GqlResponse): string | null {
  const payload = res.data && (Object.values(res.data)[0] as { errors?: { code: string }[] } | null);
  return payload?.errors?.[0]?.code ?? (res.errors?.[0]?.extensions?.code as string | undefined) ?? null;
}
/** The payload of a call that must succeed (no GraphQL error, no payload error). */
export function payloadOf<T = any>(what: string, res: GqlResponse): T {
  const payload = res.data && (Object.values(res.data)[0] as { errors?: unknown[] } | null);
  if (res.errors?.length || !payload || payload.errors?.length) throw new Error(`${what}: ${JSON.stringify(res)}`);
  return payload as T;
}

/** The single number a SQL statement answers. */
export const sqlNumber = (t: TestPlatform, statement: string) => Number(sqlRows(t, statement)[0]?.[0] ?? NaN);

/**
 * Tables whose rows background work adds on its own, left out of the counts: the event machinery, alert
 * scans and sessions, and the read models event consumers keep (report facts, rebate accruals). A read
 * model follows the outbox events that are counted, so a refusal that adds no event adds no fact; but
 * a consumer still catching up on an earlier step's events may add one at any moment (CI saw
 * `stock_flow_day` grow inside a refused call's window after the counts had been still for a second).
 */
const BACKGROUND = new RegExp(
  '^(processed_events|event_consumer_position|consumer_dead_letter|outbox_relay_state|' +
    '.*_alert|user_session|refresh_token|mikro_orm_.*|' +
    'stock_flow_day|sell_through_day|sales_fact_.*|sales_product|receivables_(month|snapshot)|' +
    'rebate_(basis_month|basis_source|accrual_entry|progress))$',
);

/** Row counts of every table of the business subgraphs' databases, as `db.table → count`. */
export function rowCounts(t: TestPlatform): Record<string, number> {
  const tables = sqlRows(
    t,
    "select table_schema, table_name from information_schema.tables where table_schema in ('dnp_orders', " +
      "'dnp_inventory', 'dnp_finance', 'dnp_traceability', 'dnp_pricing') and table_type = 'BASE TABLE'",
  ).filter(([, name]) => !BACKGROUND.test(name!));
  const union = tables.map(([db, name]) => `select '${db}.${name}', count(*) from \`${db}\`.\`${name}\``);
  return Object.fromEntries(sqlRows(t, union.join(' union all ')).map(([k, n]) => [k!, Number(n)]));
}

/**
 * Row counts once two reads a second apart agree (the platform's earlier work has settled); bounded
 * by `timeoutMs` and one read a second. A failure names the tables still changing.
 */
export async function settledCounts(t: TestPlatform, timeoutMs = 30_000): Promise<Record<string, number>> {
  let last = rowCounts(t);
  let moving: string[] = [];
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < Math.ceil(timeoutMs / 1000) && Date.now() < end; i++) {
    await sleep(1000);
    const now = rowCounts(t);
    moving = Object.keys(now).filter((k) => now[k] !== last[k]);
    if (!moving.length) return now;
    last = now;
  }
  throw new Error(`row counts did not settle: ${moving.join(', ')} still change`);
}

/** Stock figures (on hand, reserved, quarantined, ledger sum) of every level, as one comparable string. */
export const stockFigures = (t: TestPlatform) =>
  JSON.stringify(
    sqlRows(
      t,
      'select l.warehouse_id, l.product_id, l.on_hand, l.reserved, l.quarantined, ' +
        '(select coalesce(sum(m.delta), 0) from dnp_inventory.stock_movement m ' +
        'where m.warehouse_id = l.warehouse_id and m.product_id = l.product_id) ' +
        'from dnp_inventory.stock_level l order by l.warehouse_id, l.product_id',
    ),
  );

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (at most 300 times, within `timeoutMs`) until it answers something truthy. */
export async function waitUntil<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 300 && Date.now() < end; i++) {
    const v = await probe();
    if (v) return v;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Active products with no sales-region restriction and at least `minAvailable` units free in every one
 * of `warehouseIds` (so a small order of them is served from the nearest of those), by id.
 */
export function plentifulProducts(t: TestPlatform, warehouseIds: string[], minAvailable: number, n: number): string[] {
  const list = warehouseIds.map((w) => `'${w}'`).join(', ');
  return sqlRows(
    t,
    'select p.id from dnp_products.product p where p.status = ' +
      "'ACTIVE' and p.sales_regions is null and " +
      '(select count(*) from dnp_inventory.stock_level s where s.product_id = p.id ' +
      `and s.warehouse_id in (${list}) and s.on_hand - s.reserved - s.quarantined >= ${minAvailable}) ` +
      `= ${warehouseIds.length} order by p.id limit ${n}`,
  ).map(([id]) => id!);
}

/** Places an order (a fresh idempotency key) and answers it; it must come back APPROVED with its shipments. */
export async function placeApproved(
  t: TestPlatform,
  token: string,
  lines: { productId: string; quantity: number }[],
): Promise<PlacedOrder> {
  const res = await t.gql(O2C.place, { input: { idempotencyKey: `e2e-o2c-${randomUUID()}`, lines } }, token);
  const order = payloadOf<{ order: PlacedOrder }>('placeOrder', res).order;
  if (order.status !== 'APPROVED' || !order.shipments.length) throw new Error(`not approved: ${JSON.stringify(order)}`);
  return order;
}

/** A dealer's credit account in fen, read by HQ. */
export async function accountOf(t: TestPlatform, hqToken: string, dealerId: string): Promise<AccountFigures> {
  const res = await t.gql(O2C.account, { id: dealerId }, hqToken);
  const a = res.data?.dealer?.creditAccount;
  if (!a) throw new Error(`no credit account of ${dealerId}: ${JSON.stringify(res)}`);
  const pick = (k: keyof AccountFigures) => fen(a[k].amount);
  return {
    limit: pick('limit'),
    used: pick('used'),
    held: pick('held'),
    balance: pick('balance'),
    available: pick('available'),
  };
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
