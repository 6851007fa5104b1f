import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, postGraphql, type GqlResponse, type TestPlatform } from './support/platform.js';

// Three sweeps over the live API schema (introspection through the gateway), so a new mutation,
// a new nested field or a new "as a dealer" argument cannot slip past the access rules:
// 1. every public mutation × every role × an object inside / outside the caller's act-for scope:
//    allowed or refused (code), refused calls change nothing and write no audit entry, allowed
//    calls write one;
// 2. anonymous and catalogue-only callers walk every field reachable from the roots they may call:
//    nothing beyond the catalogue comes back; a warehouse operator's walk reaches the catalogue and the
//    stock of its own warehouses, nothing else;
// 3. every argument naming a dealer, region or warehouse, given an id outside the caller's scope,
//    is refused (NOT_FOUND / FORBIDDEN) or yields nothing.

const ROLES = [
  'anonymous',
  'HQ_ADMIN',
  'REGION_MANAGER',
  'DEALER_ADMIN js (parent)',
  'DEALER_ADMIN nj',
  'DEALER_STAFF nj',
  'PARTNER CATALOG_READ',
  'PARTNER DEALER_READ',
  'WAREHOUSE_OPERATOR',
  'FINANCE_CLERK',
] as const;
type RoleName = (typeof ROLES)[number];
/**
 * Who owns an object: the Jiangsu agent (js, parent of nj), Nanjing (nj), another east dealer
 * (Zhejiang agent), a South China dealer (Guangdong agent).
 */
type Owner = 'js' | 'nj' | 'east' | 'south';
type Side = 'in' | 'out';

/** Which owner's object each role tries inside / outside its act-for scope (null: no such object). */
const DEFAULT_SIDES: Record<RoleName, Record<Side, Owner | null>> = {
  anonymous: { in: 'nj', out: 'south' },
  HQ_ADMIN: { in: 'south', out: null },
  REGION_MANAGER: { in: 'east', out: 'south' },
  'DEALER_ADMIN js (parent)': { in: 'js', out: 'nj' },
  'DEALER_ADMIN nj': { in: 'nj', out: 'js' },
  'DEALER_STAFF nj': { in: 'nj', out: 'js' },
  'PARTNER CATALOG_READ': { in: 'nj', out: 'south' },
  'PARTNER DEALER_READ': { in: 'nj', out: 'south' },
  // They act for no dealer: every dealer's object is one they must be refused.
  WAREHOUSE_OPERATOR: { in: 'nj', out: 'south' },
  FINANCE_CLERK: { in: 'nj', out: 'south' },
};
/** Region-owned objects (promotions, diversion alerts): every non-manager tries East China vs South China. */
const REGION_SIDES: Record<RoleName, Record<Side, Owner | null>> = {
  ...Object.fromEntries(ROLES.map((r) => [r, { in: 'east', out: 'south' }])),
  HQ_ADMIN: { in: 'south', out: null },
} as Record<RoleName, Record<Side, Owner | null>>;

const E = {
  done: 'done',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTH: 'UNAUTHENTICATED',
  NOT_FOUND: 'NOT_FOUND',
  NA: 'n/a',
} as const;

/**
 * Expected outcomes: HQ-only mutations (and partners never write; warehouse operators and finance
 * clerks change no order, stock, price, dealer or user).
 */
const hqOnly = (hqIn: string = E.done): Record<RoleName, [string, string]> => ({
  anonymous: [E.UNAUTH, E.UNAUTH],
  HQ_ADMIN: [hqIn, E.NA],
  REGION_MANAGER: [E.FORBIDDEN, E.FORBIDDEN],
  'DEALER_ADMIN js (parent)': [E.FORBIDDEN, E.FORBIDDEN],
  'DEALER_ADMIN nj': [E.FORBIDDEN, E.FORBIDDEN],
  'DEALER_STAFF nj': [E.FORBIDDEN, E.FORBIDDEN],
  'PARTNER CATALOG_READ': [E.FORBIDDEN, E.FORBIDDEN],
  'PARTNER DEALER_READ': [E.FORBIDDEN, E.FORBIDDEN],
  WAREHOUSE_OPERATOR: [E.FORBIDDEN, E.FORBIDDEN],
  FINANCE_CLERK: [E.FORBIDDEN, E.FORBIDDEN],
});

/** Reads one row of a subgraph's SQLite database as JSON (the state a refused call must leave alone). */
function sqlRow(
  t: TestPlatform,
  subgraph: string,
  statement: string,
  ...params: (string | number)[]
): Record<string, unknown> | undefined {
  const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
  const db = new DatabaseSync(join(t.dataDir!, `${subgraph}.sqlite`), { readOnly: true });
  try {
    return db.prepare(statement).get(...params) as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
}
function sqlColumn(t: TestPlatform, subgraph: string, statement: string, ...params: (string | number)[]): string[] {
  const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
  const db = new DatabaseSync(join(t.dataDir!, `${subgraph}.sqlite`), { readOnly: true });
  try {
    return (db.prepare(statement).all(...params) as Record<string, unknown>[]).map((r) => String(Object.values(r)[0]));
  } finally {
    db.close();
  }
}

/**
 * Copies a user row of the dealers database under a new id and username (a user no other row of the
 * matrix logs in as).
 */
function copyUser(t: TestPlatform, fromId: string, id: string): string {
  const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
  const db = new DatabaseSync(join(t.dataDir!, 'dealers.sqlite'));
  try {
    db.exec('create temp table if not exists user_copy as select * from app_user where 0');
    db.prepare('insert into user_copy select * from app_user where id = ?').run(fromId);
    db.prepare('update user_copy set id = ?, username = ?').run(id, id.replace(/^usr_/, ''));
    db.exec('insert into app_user select * from user_copy; delete from user_copy');
    return id;
  } finally {
    db.close();
  }
}

/**
 * Copies a row of a dealers table under a new id with some columns changed (an object no other row of the
 * matrix uses, e.g. a dealer to suspend).
 */
function copyRow(t: TestPlatform, table: string, fromId: string, set: Record<string, string | number | null>): string {
  const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
  const db = new DatabaseSync(join(t.dataDir!, 'dealers.sqlite'));
  try {
    db.exec(`create temp table if not exists ${table}_copy as select * from ${table} where 0`);
    db.prepare(`insert into ${table}_copy select * from ${table} where id = ?`).run(fromId);
    const cols = Object.keys(set);
    db.prepare(`update ${table}_copy set ${cols.map((c) => `${c} = ?`).join(', ')}`).run(...Object.values(set));
    db.exec(`insert into ${table} select * from ${table}_copy; delete from ${table}_copy`);
    return String(set.id);
  } finally {
    db.close();
  }
}

/** The demo user id each role of the matrix logs in as (null: no user). */
const USER_OF: Record<RoleName, string | null> = {
  anonymous: null,
  HQ_ADMIN: 'usr_hq_admin',
  REGION_MANAGER: 'usr_east_manager',
  'DEALER_ADMIN js (parent)': 'usr_js_admin',
  'DEALER_ADMIN nj': 'usr_nj_admin',
  'DEALER_STAFF nj': 'usr_nj_staff',
  'PARTNER CATALOG_READ': null,
  'PARTNER DEALER_READ': null,
  WAREHOUSE_OPERATOR: 'usr_wh_east_op',
  FINANCE_CLERK: 'usr_fin_clerk',
};

/**
 * Hands a staged upload to `userId` (dealers claims only the caller's own uploads), so each role's
 * renewal is decided by its rights, not by whose upload it names. Answers the upload id.
 */
function ownUpload(t: TestPlatform, uploadId: string, userId: string | null): string {
  const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
  const db = new DatabaseSync(join(t.dataDir!, 'dealers.sqlite'));
  try {
    db.prepare('update upload set owner_user_id = ?, purpose = ? where id = ?').run(
      userId,
      'QUALIFICATION_DOCUMENT',
      uploadId,
    );
    return uploadId;
  } finally {
    db.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (bounded by count and time) until it returns something truthy. */
async function waitUntil<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 150_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 1000 && Date.now() < end; i++) {
    const v = await probe();
    if (v) return v;
    await sleep(1000);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// ---- introspection --------------------------------------------------------------------------

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputValue {
  name: string;
  type: TypeRef;
  defaultValue: string | null;
}
interface FieldDef {
  name: string;
  args: InputValue[];
  type: TypeRef;
}
interface TypeDef {
  kind: string;
  name: string;
  fields: FieldDef[] | null;
  inputFields: InputValue[] | null;
  possibleTypes: { name: string }[] | null;
}

const INTROSPECTION = `{ __schema { queryType { name } mutationType { name } subscriptionType { name } types { kind name
  fields { name args { name defaultValue type { ...T } } type { ...T } }
  inputFields { name defaultValue type { ...T } } possibleTypes { name } } } }
  fragment T on __Type {
    kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
  }`;

const named = (t: TypeRef): string => t.name ?? named(t.ofType!);
const typeString = (t: TypeRef): string =>
  t.kind === 'NON_NULL' ? `${typeString(t.ofType!)}!` : t.kind === 'LIST' ? `[${typeString(t.ofType!)}]` : t.name!;
const required = (v: InputValue) => v.type.kind === 'NON_NULL' && v.defaultValue == null;

describe('security scopes (act-for, catalogue sweep, scoped arguments) on sqlite', () => {
  let t: TestPlatform;
  let schema: Map<string, TypeDef>;
  let roots: { query: string; mutation: string; subscription: string | null };
  const tok: Record<string, string> = {};
  const keys: Record<'CATALOG_READ' | 'DEALER_READ', string> = {} as never;
  const dealer: Record<Owner, { id: string; code: string; regionId: string; warehouseId: string | null }> = {} as never;
  let productId: string;
  let productSku: string;

  /** Calls the gateway as one role of the matrix. */
  const as =
    (role: RoleName) =>
    (query: string, variables?: Record<string, unknown>): Promise<GqlResponse> => {
      switch (role) {
        case 'anonymous':
          return t.gql(query, variables);
        case 'HQ_ADMIN':
          return t.gql(query, variables, tok.hq_admin);
        case 'REGION_MANAGER':
          return t.gql(query, variables, tok.east_manager);
        case 'DEALER_ADMIN js (parent)':
          return t.gql(query, variables, tok.js_admin);
        case 'DEALER_ADMIN nj':
          return t.gql(query, variables, tok.nj_admin);
        case 'DEALER_STAFF nj':
          return t.gql(query, variables, tok.nj_staff);
        case 'PARTNER CATALOG_READ':
          return postGraphql(t.platform.gatewayUrl, query, variables, { 'x-api-key': keys.CATALOG_READ });
        case 'PARTNER DEALER_READ':
          return postGraphql(t.platform.gatewayUrl, query, variables, { 'x-api-key': keys.DEALER_READ });
        case 'WAREHOUSE_OPERATOR':
          return t.gql(query, variables, tok.wh_east_op);
        case 'FINANCE_CLERK':
          return t.gql(query, variables, tok.fin_clerk);
      }
    };
  const hq = (query: string, variables?: Record<string, unknown>) => t.gql(query, variables, tok.hq_admin);
  const placeFor = async (owner: Owner | 'jsUser' | 'njUser', key: string) => {
    const token =
      owner === 'js' || owner === 'jsUser'
        ? tok.js_admin
        : owner === 'nj' || owner === 'njUser'
          ? tok.nj_admin
          : tok[owner];
    const res = await t.gql(
      'mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id status } errors { code message } } }',
      { i: { idempotencyKey: key, lines: [{ sku: productSku, quantity: 1 }] } },
      token,
    );
    if (!res.data?.placeOrder?.order) throw new Error(`placeOrder for ${owner}: ${JSON.stringify(res)}`);
    return res.data.placeOrder.order.id as string;
  };

  /**
   * Order-to-cash targets, built through the API: shipments per state, delivered orders, returns, statements and
   * bank lines.
   */
  interface O2c {
    pickIn: string[];
    pickOut: string[];
    shipped: Record<Owner, string[]>;
    delivered: Record<Owner, string[]>;
    requested: Record<Owner, string[]>;
    approvedIn: string[];
    approvedOut: string[];
    confirmable: Record<Owner, string[]>;
    disputable: Record<Owner, string[]>;
    disputed: Record<Owner, string[]>;
    matchLines: string[];
    ignoreLines: string[];
    unignoreLines: string[];
  }
  const OWNERS = ['js', 'nj', 'east', 'south'] as const;
  const adminOf = (o: Owner) => (o === 'js' ? tok.js_admin : o === 'nj' ? tok.nj_admin : tok[o])!;
  /** A bank export (UTF-8 CSV, base64) with one unmatched credit line per amount. */
  const bankCsv = (amounts: string[], tag: string) =>
    Buffer.from(
      [
        '交易日期,贷方发生额,对方户名,对方账号,摘要',
        ...amounts.map((a, i) => `2026-11-20,${a},无名客户${tag},99990000${i},${tag}`),
      ].join('\n'),
      'utf8',
    ).toString('base64');
  const gqlOk = async (what: string, query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await t.gql(query, variables, token);
    const payload = res.data && (Object.values(res.data)[0] as { errors?: unknown[] } | null);
    if (res.errors?.length || !payload || payload.errors?.length) throw new Error(`${what}: ${JSON.stringify(res)}`);
    return res.data;
  };
  // Long because: one fixture chain (place → approve → ship → receive → return → review; statements; bank lines),
  // each step feeding the next; split, the intermediate pools would travel through parameters.
  const buildO2c = async (): Promise<O2c> => {
    // How many orders each owner needs: PICKING, SHIPPED, DELIVERED (matrix), returns REQUESTED, APPROVED.
    const need: Record<Owner, [number, number, number, number, number]> = {
      js: [1, 1, 1, 1, 1],
      nj: [1, 2, 2, 1, 0],
      east: [0, 1, 1, 1, 0],
      south: [2, 1, 1, 1, 1],
    };
    const byOwner = () => Object.fromEntries(OWNERS.map((o) => [o, [] as string[]])) as Record<Owner, string[]>;
    const o2c: O2c = {
      ...{ pickIn: [], pickOut: [], shipped: byOwner(), delivered: byOwner(), requested: byOwner() },
      ...{ approvedIn: [], approvedOut: [], confirmable: byOwner(), disputable: byOwner(), disputed: byOwner() },
      ...{ matchLines: [], ignoreLines: [] },
      unignoreLines: [],
    };
    const shipmentOf = (orderId: string) =>
      waitUntil(`a PICKING shipment of ${orderId}`, () =>
        sqlRow(t, 'orders', "select id, warehouse_id from shipment where order_id = ? and status = 'PICKING'", orderId),
      );
    let n = 0;
    for (const o of OWNERS) {
      const [picking, shipped, delivered, requested, approved] = need[o];
      for (let i = 0; i < picking + shipped + delivered + requested + approved; i++) {
        const orderId = await placeFor(o, `scopes-o2c-${o}-${i}`);
        await gqlOk(
          'approve',
          'mutation($id: ID!) { reviewOrder(id: $id, decision: APPROVE, comment: "o2c") { errors { code } } }',
          { id: orderId },
          tok.hq_admin,
        );
        const s = await shipmentOf(orderId);
        const id = s.id as string;
        if (i < picking) {
          (['wh_hq', 'wh_east'].includes(s.warehouse_id as string) ? o2c.pickIn : o2c.pickOut).push(id);
          continue;
        }
        await gqlOk(
          'ship',
          'mutation($i: ShipShipmentInput!) { shipShipment(input: $i) { errors { code } } }',
          { i: { shipmentId: id, carrier: 'SF Express', trackingNumber: `SFO2C${++n}000` } },
          tok.hq_admin,
        );
        if (i < picking + shipped) {
          o2c.shipped[o].push(id);
          continue;
        }
        await gqlOk(
          'receive',
          'mutation($i: ConfirmReceiptInput!) { confirmReceipt(input: $i) { errors { code } } }',
          { i: { shipmentId: id } },
          adminOf(o),
        );
        if (i < picking + shipped + delivered) {
          o2c.delivered[o].push(id);
          continue;
        }
        const req = await gqlOk(
          'request return',
          'mutation($i: RequestReturnInput!) { requestReturn(input: $i) { returnRequest { id } errors { code } } }',
          { i: returnInput(id, `o2c-${o}-${i}`) },
          adminOf(o),
        );
        const returnId = (req as any).requestReturn.returnRequest.id as string;
        if (i < picking + shipped + delivered + requested) {
          o2c.requested[o].push(returnId);
          continue;
        }
        const warehouseId = o === 'south' ? 'wh_south' : 'wh_east';
        await gqlOk(
          'approve return',
          'mutation($i: ReviewReturnInput!) { reviewReturn(input: $i) { errors { code } } }',
          { i: { returnId, decision: 'APPROVE', warehouseId } },
          tok.hq_admin,
        );
        (o === 'south' ? o2c.approvedOut : o2c.approvedIn).push(returnId);
      }
    }
    // Statements of three ended months: the first to confirm, the second to dispute, the third disputed already.
    for (const period of ['2026-09', '2026-10', '2026-11'])
      await gqlOk(
        'runStatements',
        'mutation($p: YearMonth!) { runStatements(period: $p) { errors { code } } }',
        { p: period },
        tok.hq_admin,
      );
    for (const o of OWNERS) {
      const ids = sqlColumn(t, 'finance', 'select id from statement where dealer_id = ? order by period', dealer[o].id);
      o2c.confirmable[o] = ids.slice(0, 1);
      o2c.disputable[o] = ids.slice(1, 2);
      // South's statements are only ever refused in confirm and dispute: its second is disputed too (for HQ and
      // the clerk to answer), and stays the refused dispute target.
      for (const id of ids.slice(o === 'south' ? 1 : 2)) {
        await gqlOk(
          'dispute',
          'mutation($id: ID!) { disputeStatement(id: $id, comment: "o2c") { errors { code } } }',
          { id },
          adminOf(o),
        );
        o2c.disputed[o].push(id);
      }
    }
    await gqlOk(
      'import',
      'mutation($i: ImportBankStatementInput!) { importBankStatement(input: $i) { errors { code } } }',
      {
        i: {
          fileName: 'o2c.csv',
          bankAccount: '6222020000000000001',
          contentBase64: bankCsv(
            ['11.01', '11.02', '11.03', '11.04', '11.05', '11.06', '11.07', '11.08', '11.09'],
            'o2c',
          ),
        },
      },
      tok.hq_admin,
    );
    const lines = sqlColumn(t, 'finance', "select id from bank_statement_line where status = 'UNMATCHED' order by id");
    o2c.matchLines = lines.slice(0, 3);
    o2c.ignoreLines = lines.slice(3, 6);
    // Lines ignored by HQ, for the clerks (and HQ) to put back in the queue.
    o2c.unignoreLines = lines.slice(6);
    for (const id of o2c.unignoreLines) {
      await gqlOk(
        'ignore',
        'mutation($id: ID!) { ignoreBankStatementLine(id: $id, reason: "fixture") { errors { code } } }',
        { id },
        tok.hq_admin,
      );
    }
    return o2c;
  };
  /** Lifecycle targets per side: "south" for South China, the East China copy for every other owner. */
  interface Lifecycle {
    status: Record<'east' | 'south', string>;
    moving: string;
    applications: Record<'east' | 'south', string[]>;
    renewals: Record<'east' | 'south', string[]>;
    alerts: Record<Owner, string[]>;
    proposals: Record<Owner, string[]>;
    licences: Record<Owner, string[]>;
    uploads: string[];
  }
  // Long because: one fixture table per lifecycle mutation, each a copy of a demo row with its own id.
  const buildLifecycle = async (): Promise<Lifecycle> => {
    const dealerRow = (o: Owner) => sqlRow(t, 'dealers', 'select * from dealer where id = ?', dealer[o].id)!;
    const spareDealer = (o: 'east' | 'south', id: string, more: Record<string, string> = {}) =>
      copyRow(t, 'dealer', dealer[o].id, {
        ...{ id, code: `${dealerRow(o).code}-${id.slice(-4)}` },
        dealer_path: `${String(dealerRow(o).dealer_path).replace(/[^/]+\/$/, '')}${id}/`,
        ...more,
      });
    const status = { east: spareDealer('east', 'dlr_mtx_st_e'), south: spareDealer('south', 'dlr_mtx_st_s') };
    // A retailer under the Guangdong agent, moved between the two provincial agents.
    const moving = copyRow(t, 'dealer', dealer.south.id, {
      ...{ id: 'dlr_mtx_move', code: 'MTX-MOVE', level: 'RETAILER', parent_id: dealer.south.id },
      dealer_path: `${dealerRow('south').dealer_path}dlr_mtx_move/`,
    });
    const southRegion = dealerRow('south');
    const application = (side: 'east' | 'south', i: number) =>
      copyRow(t, 'dealer_application', 'app_demo_suzhou', {
        ...{ id: `app_mtx_${side}_${i}`, number: `APMTX${side}${i}`, live_credit_code: null },
        ...(side === 'south'
          ? { region_id: String(southRegion.region_id), region_path: String(southRegion.region_path) }
          : {}),
        ...(side === 'south' ? { parent_dealer_id: dealer.south.id } : {}),
      });
    const applications = { east: [application('east', 0)], south: [application('south', 0)] };
    const licenceOf = (o: Owner) =>
      sqlColumn(
        t,
        'dealers',
        "select id from qualification where dealer_id = ? and status = 'ACTIVE' order by id",
        dealer[o].id,
      );
    const renewal = (o: 'east' | 'south') =>
      copyRow(t, 'qualification', licenceOf(o)[0]!, {
        ...{ id: `qua_mtx_${o}`, status: 'PENDING_REVIEW', replaces_id: licenceOf(o)[0]! },
      });
    const renewals = { east: [renewal('east')], south: [renewal('south')] };
    const alerts = { js: [], nj: [], east: [], south: [] } as Record<Owner, string[]>;
    const proposals = { js: [], nj: [], east: [], south: [] } as Record<Owner, string[]>;
    const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
    const db = new DatabaseSync(join(t.dataDir!, 'dealers.sqlite'));
    try {
      for (const o of OWNERS) {
        const q = sqlRow(t, 'dealers', 'select * from qualification where id = ?', licenceOf(o)[0]!)!;
        const d = dealerRow(o);
        for (let i = 0; i < 2; i++) {
          const id = `qla_mtx_${o}_${i}`;
          db.prepare(
            'insert into qualification_alert (id, raised_at, open_key, qualification_id, dealer_id, region_path, ' +
              'kind, threshold_days, days_left, required, valid_until) values (?, ?, ?, ?, ?, ?, ?, 30, 20, 1, ?)',
          ).run(
            id,
            q.valid_until as string,
            id,
            q.id as string,
            d.id as string,
            d.region_path as string,
            q.kind as string,
            q.valid_until as string,
          );
          alerts[o].push(id);
        }
        const pid = `gpr_mtx_${o}`;
        db.prepare(
          'insert into grade_proposal (id, period, dealer_id, region_path, current_grade, proposed_grade, direction, ' +
            "purchases_minor, window_from, window_to, status, created_at) values (?, '2026-05', ?, ?, ?, ?, 'UP', 1, " +
            "'2025-05', '2026-04', 'PROPOSED', ?)",
        ).run(
          pid,
          d.id as string,
          d.region_path as string,
          d.grade as string,
          d.grade === 'A' ? 'B' : 'A',
          q.valid_until as string,
        );
        proposals[o].push(pid);
      }
    } finally {
      db.close();
    }
    const licences = Object.fromEntries(OWNERS.map((o) => [o, licenceOf(o)])) as Record<Owner, string[]>;
    const base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
    const uploads: string[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await fetch(`${base}/uploads?purpose=APPLICATION_DOCUMENT`, {
        method: 'POST',
        body: new Uint8Array(Buffer.from(`%PDF-1.4\n% matrix ${i}\n%%EOF\n`)),
      });
      const json = (await res.json()) as { uploadId?: string };
      if (!json.uploadId) throw new Error(`upload: ${JSON.stringify(json)}`);
      uploads.push(json.uploadId);
    }
    return { status, moving, applications, renewals, alerts, proposals, licences, uploads };
  };

  /** A return of one unit of a delivered shipment's first line. */
  const returnInput = (shipmentId: string, idempotencyKey: string) => {
    const s = sqlRow(t, 'orders', 'select order_id from shipment where id = ?', shipmentId)!;
    const l = sqlRow(t, 'orders', 'select order_line_id from shipment_line where shipment_id = ?', shipmentId)!;
    return {
      ...{ orderId: s.order_id, idempotencyKey, reason: 'QUALITY', comment: 'matrix' },
      lines: [{ shipmentId, orderLineId: l.order_line_id, quantity: 1 }],
    };
  };

  beforeAll(async () => {
    t = await bootPlatform('sqlite', {
      subgraphEnv: {
        // Alerts of every kind, soon: credit use above 1 %, lots expiring within days (a few hundred
        // alerts of each window: every lot in one was thousands, raised at boot while the matrix ran), an
        // order waiting a minute for review; every dealer order goes to review (a pending order to act on).
        finance: { CREDIT_ALERT_PERCENT: '1', ALERT_SCAN_INTERVAL_MS: '1000' },
        inventory: {
          EXPIRY_BLUE_DAYS: '5',
          EXPIRY_YELLOW_DAYS: '3',
          EXPIRY_RED_DAYS: '1',
          ALERT_SCAN_INTERVAL_MS: '1000',
        },
        orders: { REVIEW_OVERDUE_MINUTES: '1', ALERT_SCAN_INTERVAL_MS: '1000', REVIEW_AMOUNT_THRESHOLD_MINOR: '1' },
      },
    });
    for (const u of ['hq_admin', 'east_manager', 'js_admin', 'nj_admin', 'nj_staff', 'wh_east_op', 'fin_clerk'])
      tok[u] = await t.login(u);
    const intro = await t.gql(INTROSPECTION, {});
    expect(intro.errors).toBeUndefined();
    schema = new Map((intro.data.__schema.types as TypeDef[]).map((d) => [d.name, d]));
    roots = {
      query: intro.data.__schema.queryType.name,
      mutation: intro.data.__schema.mutationType.name,
      subscription: intro.data.__schema.subscriptionType?.name ?? null,
    };

    const me = async (u: string) =>
      (await t.gql('{ me { dealer { id code region { id } } } }', {}, tok[u])).data.me.dealer;
    const agent = async (regionId: string) => {
      const res = await hq(
        'query($f: DealerFilter) { dealers(first: 5, filter: $f) { edges { node { id code region { id } } } } }',
        { f: { regionId, level: 'PROVINCIAL_AGENT' } },
      );
      return res.data.dealers.edges[0].node;
    };
    const js = await me('js_admin');
    const nj = await me('nj_admin');
    const zj = await agent('reg_zj');
    const gd = await agent('reg_gd');
    const wh = (code: string) =>
      sqlRow(t, 'inventory', 'select id from warehouse where id = ?', `wh_${code.toLowerCase()}`)?.id as
        string | undefined;
    for (const [owner, d] of [
      ['js', js],
      ['nj', nj],
      ['east', zj],
      ['south', gd],
    ] as const)
      dealer[owner] = { id: d.id, code: d.code, regionId: d.region.id, warehouseId: wh(d.code) ?? null };
    tok.east = await t.login(zj.code.toLowerCase());
    tok.south = await t.login(gd.code.toLowerCase());

    const product = (await t.gql('{ product(sku: "JH-MLK-0001") { id sku } }', {})).data.product;
    productId = product.id;
    productSku = product.sku;
    // Three pending orders per owner (every dealer order waits for review here): to review, to cancel, and
    // overdue ones raise order alerts.
    for (const owner of ['js', 'nj', 'east', 'south'] as const)
      for (let i = 0; i < 3; i++) await placeFor(owner, `scopes-fixture-${owner}-${i}`);

    const key = async (scope: 'CATALOG_READ' | 'DEALER_READ') => {
      const res = await hq('mutation($i: CreatePartnerKeyInput!) { createPartnerKey(input: $i) { key } }', {
        i: {
          name: `scopes ${scope}`,
          scope,
          dealerId: scope === 'DEALER_READ' ? nj.id : null,
          rateLimitPerMinute: 6000,
        },
      });
      if (!res.data?.createPartnerKey) throw new Error(`createPartnerKey: ${JSON.stringify(res.errors)}`);
      return res.data.createPartnerKey.key as string;
    };
    keys.CATALOG_READ = await key('CATALOG_READ');
    keys.DEALER_READ = await key('DEALER_READ');
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  });

  // ---- item 4: the catalogue sweep -----------------------------------------------------------

  /**
   * Every type a catalogue-only caller may see non-null: the catalogue, list prices, quotes, aggregate
   * availability.
   */
  const CATALOGUE_TYPES = new Set([
    'Product',
    // The region tree is public reference data (anonymous reads it for /apply): names and ids, no dealer's rows.
    'Region',
    // The brand's time zone and rebate share: settings every app shows, no dealer's rows.
    'PlatformSettings',
    'ProductConnection',
    'ProductEdge',
    'PageInfo',
    'Category',
    'Brand',
    'Money',
    'Availability',
    'ProductAttribute',
    'VolumeTier',
    'PriceTier',
    'Quote',
    'QuoteLine',
    // The quote's rebate block: the caller's own request against the cap; a balance only for the caller's own
    // dealer (none for a caller without one, which anonymous and catalogue partners are).
    'QuoteRebate',
    'AppliedPromotion',
    'NotAppliedPromotion',
    'LineDiscount',
    'Promotion',
    'SpendTier',
    'QuantityTier',
    'BundleItem',
  ]);
  /** Types that must never come back to a catalogue-only caller (listed to make the failure message plain). */
  const FORBIDDEN_TYPES = [
    'Warehouse',
    'StockLevel',
    'StockLevelConnection',
    'Lot',
    'Dealer',
    'Order',
    'CreditAccount',
    'Invoice',
    'SerialCode',
    'User',
    'Reservation',
    'StockMovement',
    'PriceList',
    'CreditAlert',
    'InventoryAlert',
    'OrderAlert',
    'DiversionAlert',
  ];

  /**
   * Values for arguments the sweep fills (required ones, page sizes, ids); other fields with required
   * arguments are skipped (and listed).
   */
  const argValue = (name: string, type: TypeRef): string | null => {
    const n = named(type);
    if (name === 'first') return '3';
    if (name === 'id' && n === 'ID') return JSON.stringify(productId);
    if (name === 'sku') return JSON.stringify(productSku);
    if (n === 'QuoteInput') return `{ lines: [{ productId: ${JSON.stringify(productId)}, quantity: 2 }] }`;
    return null;
  };
  /** `field(args)` with the arguments the sweep can fill, or null when a required one cannot be. */
  const callOf = (f: FieldDef): string | null => {
    const args: string[] = [];
    for (const a of f.args) {
      const v = argValue(a.name, a.type);
      if (v != null && (required(a) || a.name === 'first' || a.name === 'id')) args.push(`${a.name}: ${v}`);
      else if (required(a)) return null;
    }
    return `${f.name}${args.length ? `(${args.join(', ')})` : ''}`;
  };
  const isLeaf = (typeName: string) => ['SCALAR', 'ENUM'].includes(schema.get(typeName)!.kind);
  /** One level of a type: its scalars, and each object field with only its __typename (explored by the next query). */
  const levelSelection = (typeName: string, skipped: Set<string>): string => {
    const d = schema.get(typeName)!;
    if (d.kind === 'UNION' || d.kind === 'INTERFACE') {
      const variants = (d.possibleTypes ?? []).map((p) => `... on ${p.name} { ${levelSelection(p.name, skipped)} }`);
      return `__typename ${variants.join(' ')}`;
    }
    const parts = ['__typename'];
    for (const f of d.fields ?? []) {
      const call = callOf(f);
      if (!call) {
        skipped.add(`${typeName}.${f.name}`);
        continue;
      }
      parts.push(isLeaf(named(f.type)) ? call : `${call} { __typename }`);
    }
    return parts.join(' ');
  };
  /** The values at `path` below `value` (lists flattened). */
  const valuesAt = (value: unknown, path: string[]): unknown[] => {
    let cur: unknown[] = [value];
    for (const key of path)
      cur = cur
        .flatMap((v) => (v == null ? [] : Array.isArray(v) ? v : [v]))
        .map((v) => (v as Record<string, unknown>)[key])
        .flatMap((v) => (Array.isArray(v) ? v : [v]));
    return cur.filter((v) => v != null);
  };

  /** What one sweep found: the types seen non-null (with the first path), the roots, and the warehouses seen. */
  interface Sweep {
    reached: Map<string, string>;
    callable: string[];
    refused: Record<string, string>;
    warehouseIds: Set<string>;
  }

  /** Walks every field reachable from the query roots `role` may call, to a bounded depth, and logs what it saw. */
  const sweep = async (role: RoleName): Promise<Sweep> => {
    const found: Sweep = { reached: new Map(), callable: [], refused: {}, warehouseIds: new Set() };
    const skipped = new Set<string>();
    /** Objects (`Type:id`) already explored, with the depth left when they were. */
    const explored = new Map<string, number>();
    const identity = (v: unknown) => {
      const o = v as { __typename?: string; id?: unknown };
      return o.__typename && typeof o.id === 'string' ? `${o.__typename}:${o.id}` : null;
    };
    let queries = 0;
    /** Explores `calls` below the root, level by level, to a bounded depth; only non-null branches go deeper. */
    const explore = async (calls: string[], names: string[], typeName: string, depth: number): Promise<void> => {
      const open = calls.map((c) => `${c} { `).join('');
      const doc = `{ ${open}${levelSelection(typeName, skipped)}${' }'.repeat(calls.length)} }`;
      queries++;
      expect(queries).toBeLessThan(2000);
      const res = await as(role)(doc);
      const [rootName, ...rest] = names;
      const values = valuesAt(res.data?.[rootName!], rest);
      if (!values.length) {
        if (calls.length === 1) found.refused[rootName!] = res.errors?.[0]?.extensions?.code ?? 'null';
        return;
      }
      if (calls.length === 1) found.callable.push(rootName!);
      const d = schema.get(typeName)!;
      // A root list (`warehouses`) comes back as one array value: look at its items.
      for (const v of values.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
        const concrete = (v as { __typename?: string }).__typename ?? typeName;
        if (!found.reached.has(concrete)) found.reached.set(concrete, names.join('.'));
        if (concrete === 'Warehouse') found.warehouseIds.add((v as { id: string }).id);
      }
      if (depth === 0 || d.kind !== 'OBJECT') return;
      // An object answers the same fields to the same caller whatever path reached it: one explored
      // as deep before (a region met again through parent.children.parent…) adds nothing new.
      const keys = values.flatMap((x) => (Array.isArray(x) ? x : [x])).map((v) => identity(v));
      if (keys.every((k) => k && (explored.get(k) ?? -1) >= depth)) return;
      for (const k of keys) if (k) explored.set(k, Math.max(explored.get(k) ?? -1, depth));
      for (const f of d.fields ?? []) {
        const call = callOf(f);
        if (!call || isLeaf(named(f.type))) continue;
        if (!valuesAt(values, [f.name]).length) continue;
        await explore([...calls, call], [...names, f.name], named(f.type), depth - 1);
      }
    };
    for (const root of schema.get(roots.query)!.fields!) {
      const call = callOf(root);
      if (!call) {
        skipped.add(`Query.${root.name}`);
        continue;
      }
      if (isLeaf(named(root.type))) {
        const res = await as(role)(`{ ${call} }`);
        if (res.data?.[root.name] != null) found.callable.push(root.name);
        else found.refused[root.name] = res.errors?.[0]?.extensions?.code ?? 'null';
        continue;
      }
      // Depth 6 reaches products → edges → node → stockLevels → warehouse / lots → dealer.
      await explore([call], [root.name], named(root.type), 6);
    }
    console.log(
      `${role}: ${queries} queries; roots answered: ${found.callable.join(', ')}; refused: ` +
        `${JSON.stringify(found.refused)}; non-null types: ${[...found.reached.keys()].sort().join(', ')}; ` +
        `warehouses: ${[...found.warehouseIds].sort().join(', ')}; not called (arguments it cannot fill): ` +
        `${[...skipped].join(', ')}`,
    );
    return found;
  };
  /** The types outside `allowed` a sweep reached, each with the path it was first seen at. */
  const leaksOf = (found: Sweep, allowed: Set<string>) =>
    [...found.reached.keys()]
      .sort()
      .filter((ty) => !allowed.has(ty))
      .map((ty) => `${ty} at ${found.reached.get(ty)}`);

  for (const role of ['anonymous', 'PARTNER CATALOG_READ'] as const) {
    it(`${role}: every field reachable from the roots it may call holds only catalogue data`, async () => {
      const found = await sweep(role);
      const types = [...found.reached.keys()];
      expect(leaksOf(found, CATALOGUE_TYPES), `${role} reached non-catalogue data`).toEqual([]);
      for (const ty of FORBIDDEN_TYPES) expect(types).not.toContain(ty);
      // The catalogue itself still answers, with its aggregate availability.
      expect(found.callable).toEqual(expect.arrayContaining(['products', 'product', 'categories', 'brands', 'quote']));
      expect(types).toContain('Availability');
    }, 300_000);
  }

  it("WAREHOUSE_OPERATOR: every reachable field holds the catalogue or its warehouses' stock, no more", async () => {
    const found = await sweep('WAREHOUSE_OPERATOR');
    // Its warehouses, their stock, lots and ledger, itself (`me`) and the region tree the warehouses lie in.
    const STOCK_TYPES = ['Warehouse', 'StockLevel', 'StockLevelConnection', 'StockLevelEdge', 'Lot', 'LotConnection'];
    const allowed = new Set([
      ...CATALOGUE_TYPES,
      ...STOCK_TYPES,
      ...['LotEdge', 'StockMovement', 'StockMovementConnection', 'StockMovementEdge', 'User', 'Region'],
      // §3: its warehouses' shipments (the consignee snapshot for the packing slip, lines, codes) and returns;
      // §5: their pick lists (the seeded PICKING shipments hold reservations, so the lists have lines).
      ...['Shipment', 'ShipmentConnection', 'ShipmentEdge', 'ShipmentLine', 'OrderLine', 'Consignee', 'PickListLine'],
      ...['SerialCodeConnection', 'ReturnRequestConnection'],
    ]);
    expect(leaksOf(found, allowed), 'a warehouse operator reached data beyond its warehouses').toEqual([]);
    for (const ty of FORBIDDEN_TYPES.filter((ty) => !allowed.has(ty)))
      expect([...found.reached.keys()]).not.toContain(ty);
    expect([...found.warehouseIds].sort()).toEqual(['wh_east', 'wh_hq']);
    expect(found.callable).toEqual(
      expect.arrayContaining(['warehouses', 'stockLevels', 'lots', 'stockMovements', 'me']),
    );
    for (const root of ['dealers', 'orders', 'invoices', 'creditAccounts', 'priceLists', 'auditLog', 'reservations'])
      expect(found.refused[root], root).toBe('FORBIDDEN');
  }, 300_000);

  it("a DEALER_READ partner reaches no other dealer's data through the catalogue", async () => {
    const res = await as('PARTNER DEALER_READ')(
      '{ products(first: 5) { edges { node { id stockLevels { warehouse { id kind dealer { id } } lots { ' +
        'lotNumber } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    for (const e of res.data.products.edges) {
      for (const s of e.node.stockLevels) if (s.warehouse.dealer) expect(s.warehouse.dealer.id).toBe(dealer.nj.id);
    }
  });

  // ---- item 5: scoped arguments ----------------------------------------------------------------

  /** Argument paths naming a dealer, region or warehouse, e.g. "Query.orders(filter.dealerId)". */
  const SCOPED_NAME = /^(asDealer|dealerIds?|regionIds?|warehouseIds?|[a-z]+(Dealer|Region|Warehouse)Ids?)$/;
  const scopedArguments = (): string[] => {
    const out: string[] = [];
    const walk = (prefix: string, values: InputValue[], seenTypes: Set<string>) => {
      for (const v of values) {
        const path = `${prefix}${v.name}`;
        if (SCOPED_NAME.test(v.name)) out.push(path);
        const ty = schema.get(named(v.type))!;
        if (ty.kind === 'INPUT_OBJECT' && !seenTypes.has(ty.name))
          walk(`${path}.`, ty.inputFields ?? [], new Set([...seenTypes, ty.name]));
      }
    };
    for (const rootName of [roots.query, roots.mutation, roots.subscription].filter(Boolean) as string[]) {
      for (const f of schema.get(rootName)!.fields ?? []) {
        const before = out.length;
        walk('', f.args, new Set());
        for (let i = before; i < out.length; i++) out[i] = `${rootName}.${f.name}(${out[i]})`;
      }
    }
    return out.sort();
  };

  /**
   * One row per scoped argument: how to call it with an id outside the viewer's scope (South China
   * ids for east_manager, the Guangdong agent's for nj_admin and for the East China warehouse
   * operator, whose scope holds no dealer and no such warehouse) and what counts as safe: an error
   * code, or "nothing" (a filter that yields no row outside scope). Subscriptions and the scan
   * location are described, not called (see `why`).
   */
  const ARG_ROWS: Record<string, { why?: string; run?: (viewer: RoleName) => Promise<string>; allowed: string[] }> = {};
  const codeOf = (r: GqlResponse, field: string) =>
    r.errors?.[0]?.extensions?.code ??
    (r.data?.[field]?.errors?.[0]?.code ? `refused:${r.data[field].errors[0].code}` : null);
  const list =
    (field: string, doc: string, vars: () => Record<string, unknown>, count: (d: any) => number) =>
    async (viewer: RoleName) => {
      const res = await as(viewer)(doc, vars());
      return codeOf(res, field) ?? (count(res.data) === 0 ? 'nothing' : `LEAK(${count(res.data)})`);
    };
  const south = () => dealer.south;
  /** A rebate mutation's outcome: its error code, or "done" when it was carried out. */
  const rebateCall =
    (field: string, head: string, call: string, vars: () => Record<string, unknown>) => async (viewer: RoleName) =>
      codeOf(await as(viewer)(`${head} { ${call} { errors { code } } }`, vars()), field) ?? 'done';
  /** Issue 16 R5: the sales report's and the dealer ranking's scoped filters, each with a South China id. */
  const salesReportArgRows = () => {
    const to = new Date().toISOString().slice(0, 10);
    const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01`;
    const report = (filter: string, id: () => string) => ({
      run: list(
        'salesReport',
        'query($i: SalesReportInput!) { salesReport(input: $i, first: 5) { rows { totalCount } } }',
        () => ({ i: { dimension: 'DEALER', granularity: 'MONTH', from, to, [filter]: id() } }),
        (d) => d.salesReport.rows.totalCount,
      ),
      allowed: ['nothing', 'FORBIDDEN'],
    });
    return {
      'Query.salesReport(input.regionId)': report('regionId', () => 'reg_south'),
      'Query.salesReport(input.dealerId)': report('dealerId', () => south().id),
      'Query.salesReport(input.sellerDealerId)': report('sellerDealerId', () => south().id),
      'Query.dealerRanking(input.regionId)': {
        run: list(
          'dealerRanking',
          'query($i: DealerRankingInput!) { dealerRanking(input: $i, first: 5) { dealerId } }',
          () => ({ i: { period: from.slice(0, 4), regionId: 'reg_south' } }),
          (d) => d.dealerRanking.length,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
    };
  };
  // Long because: a table, one entry per scoped argument of the graph (with why it is safe), not logic.
  const def = () => {
    Object.assign(ARG_ROWS, {
      'Query.dealers(filter.regionId)': {
        run: list(
          'dealers',
          'query($r: ID) { dealers(first: 5, filter: { regionId: $r }) { totalCount } }',
          () => ({ r: 'reg_south' }),
          (d) => d.dealers.totalCount,
        ),
        allowed: ['nothing'],
      },
      'Query.diversionAlerts(filter.ownerDealerId)': {
        run: list(
          'diversionAlerts',
          'query($d: ID) { diversionAlerts(first: 5, filter: { ownerDealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.diversionAlerts.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Query.inventoryAlerts(filter.warehouseId)': {
        run: list(
          'inventoryAlerts',
          'query($w: ID) { inventoryAlerts(first: 5, filter: { warehouseId: $w }) { totalCount } }',
          () => ({ w: south().warehouseId }),
          (d) => d.inventoryAlerts.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND'],
      },
      'Query.invoices(filter.dealerId)': {
        run: list(
          'invoices',
          'query($d: ID) { invoices(first: 5, filter: { dealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.invoices.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND'],
      },
      // o2c:P3 payments, credit notes, recordPayment, paymentRecorded
      'Query.payments(filter.dealerId)': {
        run: list(
          'payments',
          'query($d: ID) { payments(first: 5, filter: { dealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.payments.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND'],
      },
      'Query.creditNotes(filter.dealerId)': {
        run: list(
          'creditNotes',
          'query($d: ID) { creditNotes(first: 5, filter: { dealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.creditNotes.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND'],
      },
      'Mutation.recordPayment(input.dealerId)': {
        why: 'HQ and finance clerks only (grants), who act for every dealer; the act-for matrix covers the rest',
        allowed: [],
      },
      // net:P6 two-tier: a dealer admin takes payments only as the seller it is (assertCanActAsSeller).
      'Mutation.recordPayment(input.sellerDealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)('mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { errors { code } } }', {
              i: {
                ...{ dealerId: south().id, sellerDealerId: south().id, idempotencyKey: `scope-${v.length}` },
                ...{ amount: '0.01', method: 'BANK_TRANSFER', reference: 'SCOPE', receivedOn: '2026-01-02' },
              },
            }),
            'recordPayment',
          ) ?? 'done',
        allowed: ['FORBIDDEN'],
      },
      'Query.invoices(filter.sellerDealerId)': {
        run: list(
          'invoices',
          'query($d: ID) { invoices(first: 5, filter: { sellerDealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.invoices.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Query.creditNotes(filter.sellerDealerId)': {
        run: list(
          'creditNotes',
          'query($d: ID) { creditNotes(first: 5, filter: { sellerDealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.creditNotes.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Query.payments(filter.sellerDealerId)': {
        run: list(
          'payments',
          'query($d: ID) { payments(first: 5, filter: { sellerDealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.payments.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Subscription.paymentRecorded(dealerId)': {
        why: "a filter only: the gateway re-reads each payment through payment(id) with the subscriber's scope",
        allowed: [],
      },
      'Subscription.rebateProgressChanged(dealerId)': {
        why:
          'a filter only: the gateway re-reads each progress row through rebateProgressById(id) ' +
          "with the subscriber's scope",
        allowed: [],
      },
      'Query.lots(filter.warehouseId)': {
        run: list(
          'lots',
          'query($w: ID) { lots(first: 5, filter: { warehouseId: $w }) { totalCount } }',
          () => ({ w: south().warehouseId }),
          (d) => d.lots.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND'],
      },
      'Query.orders(filter.dealerId)': {
        run: list(
          'orders',
          'query($d: ID) { orders(first: 5, filter: { dealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.orders.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND'],
      },
      'Query.orders(filter.sellerDealerId)': {
        run: list(
          'orders',
          'query($d: ID) { orders(first: 5, filter: { sellerDealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.orders.totalCount,
        ),
        allowed: ['nothing'],
      },
      'Query.reservations(filter.dealerId)': {
        run: list(
          'reservations',
          'query($d: ID) { reservations(first: 5, filter: { dealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.reservations.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND', 'FORBIDDEN'],
      },
      'Query.stockLevels(filter.warehouseId)': {
        run: list(
          'stockLevels',
          'query($w: ID) { stockLevels(first: 5, filter: { warehouseId: $w }) { totalCount } }',
          () => ({ w: south().warehouseId }),
          (d) => d.stockLevels.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND'],
      },
      'Query.stockMovements(filter.warehouseId)': {
        run: list(
          'stockMovements',
          'query($w: ID) { stockMovements(first: 5, filter: { warehouseId: $w }) { totalCount } }',
          () => ({ w: south().warehouseId }),
          (d) => d.stockMovements.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND', 'FORBIDDEN'],
      },
      'Query.priceLists(filter.regionId)': {
        run: list(
          'priceLists',
          'query($r: ID) { priceLists(first: 5, filter: { regionId: $r }) { totalCount } }',
          () => ({ r: 'reg_south' }),
          (d) => d.priceLists.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Query.previewQuote(asDealer)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'query($i: QuoteInput!, $a: PreviewDealerInput!) { previewQuote(input: $i, asDealer: $a) { regionId } }',
              { i: { lines: [{ productId, quantity: 1 }] }, a: { dealerGrade: 'A', regionId: 'reg_gd' } },
            ),
            'previewQuote',
          ) ?? 'answered',
        allowed: ['NOT_FOUND', 'FORBIDDEN'],
      },
      'Query.previewQuote(asDealer.regionId)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'query($i: QuoteInput!, $a: PreviewDealerInput!) { previewQuote(input: $i, asDealer: $a) { regionId } }',
              { i: { lines: [{ productId, quantity: 1 }] }, a: { dealerGrade: 'A', regionId: 'reg_south' } },
            ),
            'previewQuote',
          ) ?? 'answered',
        allowed: ['NOT_FOUND', 'FORBIDDEN'],
      },
      // The reported hole: a South China dealer priced inside the manager's own region.
      'Query.previewQuote(asDealer.dealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'query($i: QuoteInput!, $a: PreviewDealerInput!) { previewQuote(input: $i, asDealer: $a) { regionId } }',
              {
                i: { lines: [{ productId, quantity: 1 }] },
                a: { dealerGrade: 'A', regionId: 'reg_east', dealerId: south().id },
              },
            ),
            'previewQuote',
          ) ?? 'answered',
        allowed: ['NOT_FOUND', 'FORBIDDEN'],
      },
      // net:P5b a dealer quotes only from its own parent; managers and operators from no seller at all.
      'Query.quote(input.sellerDealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)('query($i: QuoteInput!) { quote(input: $i) { total { amount } } }', {
              i: { lines: [{ productId, quantity: 1 }], sellerDealerId: south().id },
            }),
            'quote',
          ) ?? 'answered',
        allowed: ['SELLER_NOT_PARENT'],
      },
      'Query.previewQuote(input.sellerDealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'query($i: QuoteInput!, $a: PreviewDealerInput!) { previewQuote(input: $i, asDealer: $a) { regionId } }',
              {
                i: { lines: [{ productId, quantity: 1 }], sellerDealerId: south().id },
                a: { dealerGrade: 'A', regionId: 'reg_east' },
              },
            ),
            'previewQuote',
          ) ?? 'answered',
        allowed: ['SELLER_NOT_PARENT', 'FORBIDDEN'],
      },
      'Mutation.adjustStock(input.warehouseId)': {
        run: async (v) =>
          codeOf(
            await as(v)('mutation($i: AdjustStockInput!) { adjustStock(input: $i) { errors { code } } }', {
              i: { warehouseId: south().warehouseId, productId, delta: 1, reason: 'RECEIPT' },
            }),
            'adjustStock',
          ) ?? 'done',
        allowed: ['FORBIDDEN', 'NOT_FOUND'],
      },
      'Mutation.createPartnerKey(input.dealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)('mutation($i: CreatePartnerKeyInput!) { createPartnerKey(input: $i) { key } }', {
              i: { name: 'x', scope: 'DEALER_READ', dealerId: south().id },
            }),
            'createPartnerKey',
          ) ?? 'done',
        allowed: ['FORBIDDEN'],
      },
      'Mutation.createPriceList(input.regionId)': {
        run: async (v) =>
          codeOf(
            await as(v)('mutation($i: PriceListInput!) { createPriceList(input: $i) { errors { code } } }', {
              i: {
                code: `ARG-${v.length}`,
                name: 'x',
                nameEn: 'x',
                regionId: 'reg_south',
                validFrom: new Date().toISOString(),
              },
            }),
            'createPriceList',
          ) ?? 'done',
        allowed: ['FORBIDDEN'],
      },
      'Mutation.createPromotion(input.regionIds)': {
        run: async (v) =>
          codeOf(
            await as(v)('mutation($i: PromotionInput!) { createPromotion(input: $i) { errors { code } } }', {
              i: promotionInput(`ARG${v.length}`, ['reg_south']),
            }),
            'createPromotion',
          ) ?? 'done',
        allowed: ['FORBIDDEN', 'refused:OUT_OF_REGION'],
      },
      'Mutation.updatePromotion(input.regionIds)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'mutation($id: ID!, $i: PromotionInput!) { updatePromotion(id: $id, input: $i) { errors { code } } }',
              { id: promotions.east[0], i: promotionInput(`ARGU${v.length}`, ['reg_south']) },
            ),
            'updatePromotion',
          ) ?? 'done',
        allowed: ['FORBIDDEN', 'refused:OUT_OF_REGION'],
      },
      'Mutation.placeOrder(input.deliveryWarehouseId)': {
        run: async (v) =>
          codeOf(
            await as(v)('mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id } errors { code } } }', {
              i: {
                idempotencyKey: `arg-wh-${v.length}`,
                lines: [{ sku: productSku, quantity: 1 }],
                deliveryWarehouseId: south().warehouseId,
              },
            }),
            'placeOrder',
          ) ?? 'done',
        allowed: ['FORBIDDEN', 'refused:WAREHOUSE_NOT_ALLOWED'],
      },
      'Mutation.scanCode(input.regionId)': {
        why:
          "where the scan happened, not whose data: a sale outside the owner's regions is exactly what raises " +
          "a diversion alert; the code's owner is the act-for check (mutation matrix)",
        allowed: [],
      },
      'Mutation.updatePriceList(input.regionId)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'mutation($id: ID!, $i: PriceListInput!) { updatePriceList(id: $id, input: $i) { errors { code } } }',
              {
                id: priceListId,
                i: {
                  code: 'ARG-UPD',
                  name: 'x',
                  nameEn: 'x',
                  regionId: 'reg_south',
                  validFrom: new Date().toISOString(),
                },
              },
            ),
            'updatePriceList',
          ) ?? 'done',
        allowed: ['FORBIDDEN'],
      },
      'Subscription.orderStatusChanged(dealerId)': {
        why:
          "a filter on delivered events; each event is re-read as the subscriber, so another dealer's order " +
          'never arrives (subscriptions.e2e.ts, dealer isolation)',
        allowed: [],
      },
      'Subscription.stockChanged(warehouseId)': {
        why: 'a filter on delivered events; each stock level is re-read as the subscriber (scoped like stockLevels)',
        allowed: [],
      },
      // o2c: shipments, finance and the wh_south regional warehouse (outside all three viewers' scopes).
      ...Object.fromEntries(
        (
          [
            ['shipments', 'warehouseId', () => 'wh_south'],
            ['payments', 'dealerId', () => south().id],
            ['creditNotes', 'dealerId', () => south().id],
            ['statements', 'dealerId', () => south().id],
          ] as const
        ).map(([field, arg, value]) => [
          `Query.${field}(filter.${arg})`,
          {
            run: list(
              field,
              `query($v: ID) { ${field}(first: 5, filter: { ${arg}: $v }) { totalCount } }`,
              () => ({ v: value() }),
              (d) => d[field].totalCount,
            ),
            allowed: ['nothing', 'NOT_FOUND'],
          },
        ]),
      ),
      // An operator reads its warehouses' shipments whoever the dealer (§3): a south dealer's shipped from wh_hq
      // are its own to see; nothing from another warehouse comes back.
      'Query.shipments(filter.dealerId)': {
        run: async (v) => {
          const res = await as(v)(
            'query($d: ID) { shipments(first: 100, filter: { dealerId: $d }) { totalCount edges { node { ' +
              'warehouse { id } } } } }',
            { d: south().id },
          );
          const code = codeOf(res, 'shipments');
          if (code) return code;
          const warehouses = new Set<string>(res.data.shipments.edges.map((e: any) => e.node.warehouse.id));
          if (res.data.shipments.totalCount === 0) return 'nothing';
          const own = v === 'WAREHOUSE_OPERATOR' && [...warehouses].every((w) => ['wh_hq', 'wh_east'].includes(w));
          return own ? 'its warehouses' : `LEAK(${res.data.shipments.totalCount})`;
        },
        allowed: ['nothing', 'NOT_FOUND', 'its warehouses'],
      },
      'Query.warehouseQueue(warehouseId)': {
        run: list(
          'warehouseQueue',
          'query($w: ID!) { warehouseQueue(first: 5, warehouseId: $w) { totalCount } }',
          () => ({ w: 'wh_south' }),
          (d) => d.warehouseQueue.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND', 'FORBIDDEN'],
      },
      'Query.receivablesAging(regionId)': {
        run: list(
          'receivablesAging',
          'query($r: ID) { receivablesAging(first: 5, regionId: $r) { rows { totalCount } } }',
          () => ({ r: 'reg_south' }),
          (d) => d.receivablesAging.rows.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND', 'FORBIDDEN'],
      },
      'Query.statement(dealerId)': {
        run: async (v) => {
          const res = await as(v)('query($d: ID!) { statement(dealerId: $d, period: "2026-11") { id } }', {
            d: south().id,
          });
          return codeOf(res, 'statement') ?? (res.data.statement ? 'LEAK' : 'nothing');
        },
        allowed: ['nothing', 'NOT_FOUND'],
      },
      'Mutation.matchBankStatementLine(input.dealerId)': {
        why: 'HQ and finance clerks only (grants), who act for every dealer; everyone else is FORBIDDEN (MATRIX)',
        allowed: [],
      },
      'Subscription.shipmentStatusChanged(dealerId)': {
        why: 'a filter on delivered events; each shipment is re-read as the subscriber (scoped like shipments)',
        allowed: [],
      },
      'Subscription.shipmentStatusChanged(warehouseId)': {
        why: 'a filter on delivered events; each shipment is re-read as the subscriber (scoped like shipments)',
        allowed: [],
      },
      // o2c:P5 returns
      'Query.returns(filter.dealerId)': {
        run: list(
          'returns',
          'query($d: ID) { returns(first: 5, filter: { dealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.returns.totalCount,
        ),
        allowed: ['nothing'],
      },
      'Query.returns(filter.warehouseId)': {
        run: list(
          'returns',
          'query($w: ID) { returns(first: 5, filter: { warehouseId: $w }) { totalCount } }',
          () => ({ w: south().warehouseId }),
          (d) => d.returns.totalCount,
        ),
        allowed: ['nothing'],
      },
      'Mutation.reviewReturn(input.warehouseId)': {
        why:
          'HQ only (grants); the target must be an HQ or regional warehouse (WAREHOUSE_NOT_ALLOWED), never a ' +
          "dealer's",
        allowed: [],
      },
      // net:P4 users
      'Query.users(filter.dealerId)': {
        run: list(
          'users',
          'query($d: ID) { users(first: 5, filter: { dealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.users.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Mutation.inviteUser(input.dealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)('mutation($i: InviteUserInput!) { inviteUser(input: $i) { errors { code } } }', {
              i: { username: 'mtx_arg_invite', displayName: 'x', role: 'DEALER_STAFF', dealerId: south().id },
            }),
            'inviteUser',
          ) ?? 'done',
        allowed: ['FORBIDDEN', 'NOT_FOUND'],
      },
      'Mutation.inviteUser(input.regionId)': {
        why: 'only HQ gives a brand role (a dealer admin: ROLE_NOT_ALLOWED; everyone else: grants); HQ acts everywhere',
        allowed: [],
      },
      'Mutation.inviteUser(input.warehouseIds)': {
        why: 'only HQ gives a brand role (a dealer admin: ROLE_NOT_ALLOWED; everyone else: grants); HQ acts everywhere',
        allowed: [],
      },
      'Mutation.setUserRole(input.regionId)': {
        why: 'only HQ gives a brand role (a dealer admin: ROLE_NOT_ALLOWED; everyone else: grants); HQ acts everywhere',
        allowed: [],
      },
      'Mutation.setUserRole(input.warehouseIds)': {
        why: 'only HQ gives a brand role (a dealer admin: ROLE_NOT_ALLOWED; everyone else: grants); HQ acts everywhere',
        allowed: [],
      },
      // n2: inventory administration
      'Mutation.createWarehouse(input.dealerId)': {
        why: 'HQ only (grants), who acts for every dealer; everyone else is FORBIDDEN (MATRIX)',
        allowed: [],
      },
      'Mutation.createWarehouse(input.regionId)': {
        why: 'HQ only (grants), who acts in every region; everyone else is FORBIDDEN (MATRIX)',
        allowed: [],
      },
      'Mutation.updateWarehouse(input.regionId)': {
        why: 'HQ only (grants), who acts in every region; everyone else is FORBIDDEN (MATRIX)',
        allowed: [],
      },
      'Mutation.setSafetyStock(input.warehouseId)': {
        run: async (v) =>
          codeOf(
            await as(v)('mutation($i: SetSafetyStockInput!) { setSafetyStock(input: $i) { errors { code } } }', {
              i: { warehouseId: south().warehouseId, productId, safetyStock: 1 },
            }),
            'setSafetyStock',
          ) ?? 'done',
        allowed: ['FORBIDDEN', 'NOT_FOUND', 'refused:NOT_FOUND'],
      },
      // net:P6 credit-limit changes: a manager's request for another region's dealer is NOT_FOUND, dealers FORBIDDEN.
      'Mutation.requestCreditLimitChange(input.dealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'mutation($i: CreditLimitChangeInput!) { requestCreditLimitChange(input: $i) { errors { code } } }',
              { i: { dealerId: south().id, limit: '1.00', termDays: 30, reason: 'scope' } },
            ),
            'requestCreditLimitChange',
          ) ?? 'done',
        allowed: ['FORBIDDEN', 'NOT_FOUND'],
      },
      // net:P6 parent credit lines: only a direct sub-dealer of the caller's dealer (HQ: the dealer's parent).
      'Mutation.setSubDealerCreditLine(input.dealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'mutation($i: SubDealerCreditLineInput!) { setSubDealerCreditLine(input: $i) { errors { code } } }',
              { i: { dealerId: south().id, limit: '1.00', termDays: 30, reason: 'scope' } },
            ),
            'setSubDealerCreditLine',
          ) ?? 'done',
        allowed: ['FORBIDDEN', 'refused:NOT_A_SUB_DEALER'],
      },
      'Query.subDealerCreditLines(sellerDealerId)': {
        run: list(
          'subDealerCreditLines',
          'query($d: ID) { subDealerCreditLines(first: 5, sellerDealerId: $d) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.subDealerCreditLines.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      // fin:rebates policies and awards: HQ and finance clerks only (grants); progress: a dealer's own, a manager's
      // region (another's dealer is NOT_FOUND), HQ and clerks all.
      'Mutation.createRebatePolicy(input.scope.dealerIds)': {
        run: rebateCall(
          'createRebatePolicy',
          'mutation($i: RebatePolicyInput!)',
          'createRebatePolicy(input: $i)',
          () => ({
            i: rebateInput('TIERED', [south().id], 'ARG-RB-C'),
          }),
        ),
        allowed: ['FORBIDDEN'],
      },
      'Mutation.createRebatePolicy(input.scope.regionIds)': {
        run: rebateCall(
          'createRebatePolicy',
          'mutation($i: RebatePolicyInput!)',
          'createRebatePolicy(input: $i)',
          () => ({
            i: {
              ...rebateInput('TIERED', [], 'ARG-RB-R'),
              scope: { regionIds: ['reg_south'], productIds: [productId] },
            },
          }),
        ),
        allowed: ['FORBIDDEN'],
      },
      'Mutation.updateRebatePolicy(input.scope.dealerIds)': {
        run: rebateCall(
          'updateRebatePolicy',
          'mutation($i: UpdateRebatePolicyInput!)',
          'updateRebatePolicy(input: $i)',
          () => ({
            i: {
              id: rebateArg.draft,
              expectedVersion: rebateVersion(rebateArg.draft),
              scope: { dealerIds: [south().id] },
            },
          }),
        ),
        allowed: ['FORBIDDEN'],
      },
      'Mutation.updateRebatePolicy(input.scope.regionIds)': {
        run: rebateCall(
          'updateRebatePolicy',
          'mutation($i: UpdateRebatePolicyInput!)',
          'updateRebatePolicy(input: $i)',
          () => ({
            i: {
              id: rebateArg.draft,
              expectedVersion: rebateVersion(rebateArg.draft),
              scope: { regionIds: ['reg_south'] },
            },
          }),
        ),
        allowed: ['FORBIDDEN'],
      },
      'Mutation.setRebateTargets(input.targets.dealerId)': {
        run: rebateCall(
          'setRebateTargets',
          'mutation($i: SetRebateTargetsInput!)',
          'setRebateTargets(input: $i)',
          () => ({
            i: {
              ...{ policyId: rebateArg.target, expectedVersion: rebateVersion(rebateArg.target) },
              targets: [{ dealerId: south().id, period: '2026-Q2', target: 1_000_000 }],
            },
          }),
        ),
        allowed: ['FORBIDDEN'],
      },
      'Mutation.grantRebateAward(input.dealerId)': {
        run: rebateCall(
          'grantRebateAward',
          'mutation($i: GrantRebateAwardInput!)',
          'grantRebateAward(input: $i)',
          () => ({
            i: { policyId: rebateArg.manual, dealerId: south().id, period: '2026-Q2', amount: 100, reason: 'scope' },
          }),
        ),
        allowed: ['FORBIDDEN'],
      },
      'Query.previewRebatePolicy(input.scope.dealerIds)': {
        run: list(
          'previewRebatePolicy',
          'query($i: RebatePolicyInput!) { previewRebatePolicy(input: $i, period: "2026-Q3") { rows { dealerId } } }',
          () => ({ i: rebateInput('TIERED', [south().id], 'ARG-RB-P') }),
          (d) => d.previewRebatePolicy.rows.length,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Query.previewRebatePolicy(input.scope.regionIds)': {
        run: list(
          'previewRebatePolicy',
          'query($i: RebatePolicyInput!) { previewRebatePolicy(input: $i, period: "2026-Q3") { rows { dealerId } } }',
          () => ({
            i: {
              ...rebateInput('TIERED', [], 'ARG-RB-Q'),
              scope: { regionIds: ['reg_south'], productIds: [productId] },
            },
          }),
          (d) => d.previewRebatePolicy.rows.length,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Query.rebateProgress(dealerId)': {
        run: list(
          'rebateProgress',
          'query($d: ID!) { rebateProgress(dealerId: $d, period: "2026-Q2") { policyId } }',
          () => ({ d: south().id }),
          (d) => d.rebateProgress.length,
        ),
        allowed: ['nothing', 'NOT_FOUND', 'FORBIDDEN'],
      },
      'Query.creditLimitChanges(filter.dealerId)': {
        run: list(
          'creditLimitChanges',
          'query($d: ID) { creditLimitChanges(first: 5, filter: { dealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.creditLimitChanges.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Mutation.createProduct(input.salesRegionIds)': {
        why: 'HQ only (grants): products are master data of the brand; unknown regions are REGION_UNKNOWN',
        allowed: [],
      },
      'Mutation.updateProduct(input.salesRegionIds)': {
        why: 'HQ only (grants): products are master data of the brand; unknown regions are REGION_UNKNOWN',
        allowed: [],
      },
      // net:P3 dealer lifecycle
      'Query.dealerApplications(filter.regionId)': {
        run: list(
          'dealerApplications',
          'query($r: ID) { dealerApplications(first: 5, filter: { regionId: $r }) { totalCount } }',
          () => ({ r: south().regionId }),
          (d) => d.dealerApplications.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Mutation.changeDealerStatus(input.dealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'mutation($i: ChangeDealerStatusInput!) { changeDealerStatus(input: $i) { errors { code } } }',
              {
                i: { dealerId: south().id, status: 'SUSPENDED', reason: 'scope' },
              },
            ),
            'changeDealerStatus',
          ) ?? 'done',
        allowed: ['FORBIDDEN', 'NOT_FOUND'],
      },
      'Mutation.setDealerParent(input.dealerId)': {
        why: 'HQ only (grants), who acts for every dealer; everyone else is FORBIDDEN (MATRIX)',
        allowed: [],
      },
      'Mutation.submitDealerApplication(input.regionId)': {
        why: 'anyone applies to join any region (anonymous by design); the region only routes the review',
        allowed: [],
      },
      'Mutation.submitQualificationRenewal(input.dealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'mutation($i: QualificationRenewalInput!) { submitQualificationRenewal(input: $i) { errors { code } } }',
              {
                i: {
                  ...{ dealerId: south().id, kind: 'BUSINESS_LICENSE', number: 'x', issuer: 'x' },
                  ...{ validUntil: '2040-12-31', uploadId: 'upl_scope_none' },
                },
              },
            ),
            'submitQualificationRenewal',
          ) ?? 'done',
        allowed: ['FORBIDDEN', 'NOT_FOUND', 'refused:NOT_FOUND'],
      },
      // net:P5a the distribution flow narrowed to a region: a manager's own scope still applies (nothing outside).
      'Query.distributionFlow(regionId)': {
        run: list(
          'distributionFlow',
          'query($r: ID) { distributionFlow(period: "2026-11", regionId: $r) { units } }',
          () => ({ r: 'reg_south' }),
          (d) => d.distributionFlow.length,
        ),
        allowed: ['nothing', 'NOT_FOUND', 'FORBIDDEN'],
      },
      // Issue 16 price control (§10): violations are read in scope; minimums are HQ's to set and remove.
      'Query.minimumResalePrices(filter.regionId)': {
        why:
          "HQ's published minimum resale prices, which every staff member reads for every region (like list " +
          "prices); no dealer's data behind the filter",
        allowed: [],
      },
      'Query.priceViolations(filter.regionId)': {
        run: list(
          'priceViolations',
          'query($r: ID) { priceViolations(first: 5, filter: { regionId: $r }) { totalCount } }',
          () => ({ r: 'reg_south' }),
          (d) => d.priceViolations.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Query.priceViolations(filter.dealerId)': {
        run: list(
          'priceViolations',
          'query($d: ID) { priceViolations(first: 5, filter: { dealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.priceViolations.totalCount,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Query.priceViolationSummary(regionId)': {
        run: list(
          'priceViolationSummary',
          'query($r: ID) { priceViolationSummary(groupBy: DEALER, regionId: $r) { key count } }',
          () => ({ r: 'reg_south' }),
          (d) => d.priceViolationSummary.length,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Mutation.setMinimumResalePrice(input.regionId)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'mutation($i: MinimumResalePriceInput!) { setMinimumResalePrice(input: $i) { errors { code } } }',
              { i: { productId, regionId: 'reg_south', minPriceMinor: 1 } },
            ),
            'setMinimumResalePrice',
          ) ?? 'done',
        allowed: ['FORBIDDEN'],
      },
      'Mutation.removeMinimumResalePrice(regionId)': {
        run: async (v) =>
          codeOf(
            await as(v)(
              'mutation($p: ID!, $r: ID!) { removeMinimumResalePrice(productId: $p, regionId: $r) { errors { code ' +
                '} } }',
              { p: productId, r: 'reg_south' },
            ),
            'removeMinimumResalePrice',
          ) ?? 'done',
        allowed: ['FORBIDDEN'],
      },
      'Mutation.reportRetailPrice(input.regionId)': {
        why:
          "where the price was seen, not whose data: a dealer's price seen outside its regions is what a report " +
          'records; the dealer reported for is the act-for check (its dealerId row and the mutation matrix)',
        allowed: [],
      },
      'Mutation.reportRetailPrice(input.dealerId)': {
        run: async (v) =>
          codeOf(
            await as(v)('mutation($i: RetailPriceReportInput!) { reportRetailPrice(input: $i) { errors { code } } }', {
              i: { productId, regionId: 'reg_east', priceMinor: 1, dealerId: south().id },
            }),
            'reportRetailPrice',
          ) ?? 'done',
        allowed: ['FORBIDDEN'],
      },
      // rr:R3 settlements and the rebate balance: a dealer's own, a manager's region, HQ and clerks all.
      'Query.rebateSettlements(filter.dealerId)': {
        run: list(
          'rebateSettlements',
          'query($d: ID) { rebateSettlements(first: 5, filter: { dealerId: $d }) { totalCount } }',
          () => ({ d: south().id }),
          (d) => d.rebateSettlements.totalCount,
        ),
        allowed: ['nothing'],
      },
      'Query.rebateBalance(dealerId)': {
        run: async (v) => {
          const res = await as(v)('query($d: ID) { rebateBalance(dealerId: $d) { dealerId available } }', {
            d: south().id,
          });
          return codeOf(res, 'rebateBalance') ?? (res.data?.rebateBalance ? 'LEAK' : 'nothing');
        },
        allowed: ['NOT_FOUND'],
      },
      // Issue 16 R5: the orders sales reports (filters ANDed with the viewer's data scope).
      ...salesReportArgRows(),
      // R5 reports: a warehouse outside the viewer's scope is NOT_FOUND, as every warehouse read.
      'Query.inventoryReport(warehouseId)': {
        run: list(
          'inventoryReport',
          'query($w: ID!) { inventoryReport(warehouseId: $w, from: "2026-11-01", to: "2026-11-30") { totalCount } }',
          () => ({ w: 'wh_south' }),
          (d) => d.inventoryReport.totalCount,
        ),
        allowed: ['nothing', 'NOT_FOUND', 'FORBIDDEN'],
      },
      'Query.sellThroughReport(regionId)': {
        run: list(
          'sellThroughReport',
          'query($r: ID) { sellThroughReport(from: "2026-01-01", to: "2026-12-31", regionId: $r) { soldUnits } }',
          () => ({ r: 'reg_south' }),
          (d) => d.sellThroughReport.length,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
      'Query.sellThroughReport(dealerId)': {
        run: list(
          'sellThroughReport',
          'query($d: ID) { sellThroughReport(from: "2026-01-01", to: "2026-12-31", dealerId: $d) { soldUnits } }',
          () => ({ d: south().id }),
          (d) => d.sellThroughReport.length,
        ),
        allowed: ['nothing', 'FORBIDDEN'],
      },
    } satisfies typeof ARG_ROWS);
  };

  // ---- item 3: every public mutation × role × in / out of act-for scope -------------------------

  let priceListId: string;
  const promotions: Record<Owner, string[]> = { js: [], nj: [], east: [], south: [] };
  const promotionInput = (raw: string, regionIds: string[]) => {
    const code = raw.toUpperCase().replace(/[^A-Z0-9-]/g, '-');
    return {
      code,
      name: code,
      nameEn: code,
      type: 'PERCENT_OFF',
      stacking: 'EXCLUSIVE',
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      percentOff: 1,
      regionIds,
      active: false,
      productIds: [productId],
    };
  };

  // Issue 16 price control: HQ's minimums on East and South China for the matrix product, and violations per owner,
  // raised by HQ reporting the owner's price below them in distinct places (one open violation per dealer × product
  // × region × business day).
  const violations: Record<Owner, string[]> = { js: [], nj: [], east: [], south: [] };
  const regionsUnder = (root: string) =>
    sqlColumn(
      t,
      'pricing',
      'select region_id from region_paths where path like ? and region_id <> ? order by region_id limit 3',
      `%/${root}/%`,
      root,
    );
  const raiseViolations = async (owner: Owner, regionIds: string[]) => {
    for (const regionId of ['reg_east', 'reg_south']) {
      const floor = await hq(
        'mutation($i: MinimumResalePriceInput!) { setMinimumResalePrice(input: $i) { errors { code message } } }',
        { i: { productId, regionId, minPriceMinor: 1_000_000 } },
      );
      expect(floor.data?.setMinimumResalePrice?.errors, JSON.stringify(floor)).toEqual([]);
    }
    for (const regionId of regionIds) {
      const res = await hq(
        'mutation($i: RetailPriceReportInput!) { reportRetailPrice(input: $i) { violation { id } errors { code ' +
          'message } } }',
        { i: { productId, regionId, priceMinor: 100, dealerId: dealer[owner].id } },
      );
      expect(res.data?.reportRetailPrice?.violation?.id, JSON.stringify(res)).toBeTruthy();
      violations[owner].push(res.data.reportRetailPrice.violation.id);
    }
  };
  // fin:rebates (issue 16 §6): policies are HQ's and the finance clerks' (Grants.REBATE_ADMINS), who act for every
  // dealer; fixtures are created through the API as hq_admin, each with a unique code, naming one owner's dealer.
  let rebateCodes = 0;
  type RebateKind = 'TIERED' | 'TARGET' | 'MANUAL';
  const rebateParameters: Record<RebateKind, unknown> = {
    TIERED: { mode: 'RETROACTIVE', tiers: [{ from: 0, rateBp: 100 }] },
    TARGET: { tiers: [{ completionBp: 10_000, rateBp: 200 }] },
    MANUAL: {},
  };
  const rebateInput = (calculation: RebateKind, dealerIds: string[], code = `SCOPES-RB-${++rebateCodes}`) => ({
    ...{ code, name: code, periodKind: 'QUARTER', validFrom: '2026-01-01', validTo: '2026-12-31', basis: 'SHIPPED' },
    ...{ calculation, parameters: JSON.stringify(rebateParameters[calculation]), settlementForm: 'CREDIT_NOTE' },
    scope: { dealerIds, productIds: [productId] },
  });
  const rebateVersion = (id: string) =>
    Number(sqlRow(t, 'finance', 'select version from rebate_policy where id = ?', id)!.version);
  /** A DRAFT policy for one dealer (ACTIVE when asked), created and activated by hq_admin. */
  const createRebate = async (calculation: RebateKind, dealerId: string, active = false) => {
    const res = await hq(
      'mutation($i: RebatePolicyInput!) { createRebatePolicy(input: $i) { policy { id } errors { code message } } }',
      { i: rebateInput(calculation, [dealerId]) },
    );
    const id = res.data?.createRebatePolicy?.policy?.id as string | undefined;
    if (!id) throw new Error(`createRebatePolicy: ${JSON.stringify(res)}`);
    if (active) {
      const act = await hq(
        'mutation($id: ID!, $v: Int!) { activateRebatePolicy(id: $id, expectedVersion: $v) { errors { code } } }',
        { id, v: rebateVersion(id) },
      );
      if (act.data?.activateRebatePolicy?.errors?.length !== 0) throw new Error(`activate: ${JSON.stringify(act)}`);
    }
    return id;
  };
  const rebateArg = { draft: '', target: '', manual: '' };

  it('any argument naming a dealer, region or warehouse is refused or yields nothing outside the scope', async () => {
    const pl = await hq(
      'mutation($i: PriceListInput!) { createPriceList(input: $i) { priceList { id } errors { code message } } }',
      {
        i: { code: 'SCOPES-ARG', name: 'scopes', nameEn: 'scopes', validFrom: new Date().toISOString(), active: false },
      },
    );
    priceListId = pl.data.createPriceList.priceList.id;
    for (const owner of ['east', 'south'] as const) {
      const p = await hq(
        'mutation($i: PromotionInput!) { createPromotion(input: $i) { promotion { id } errors { code message } } }',
        { i: promotionInput(`ARGP-${owner}`, [owner === 'east' ? 'reg_east' : 'reg_south']) },
      );
      expect(p.data.createPromotion.errors).toEqual([]);
      promotions[owner].push(p.data.createPromotion.promotion.id);
    }
    // A South China violation the filters above must not reach (the matrix's pools are raised elsewhere).
    await raiseViolations('south', ['reg_south']);
    violations.south.length = 0;
    rebateArg.draft = await createRebate('TIERED', dealer.south.id);
    rebateArg.target = await createRebate('TARGET', dealer.south.id);
    rebateArg.manual = await createRebate('MANUAL', dealer.south.id, true);
    def();
    const found = scopedArguments();
    console.log(`scoped arguments in the API schema: ${found.join(', ')}`);
    const missing = found.filter((p) => !ARG_ROWS[p]);
    expect(missing, 'a new argument naming a dealer, region or warehouse needs a row in ARG_ROWS').toEqual([]);
    const rows: Record<string, string>[] = [];
    const bad: string[] = [];
    for (const path of found) {
      const row = ARG_ROWS[path]!;
      if (!row.run) {
        rows.push({
          argument: path,
          REGION_MANAGER: 'n/a',
          'DEALER_ADMIN nj': 'n/a',
          WAREHOUSE_OPERATOR: 'n/a',
          why: row.why!,
        });
        continue;
      }
      const r: Record<string, string> = { argument: path };
      for (const viewer of ['REGION_MANAGER', 'DEALER_ADMIN nj', 'WAREHOUSE_OPERATOR'] as const) {
        r[viewer] = await row.run(viewer);
        // The operator is refused most of these outright (grants), which is as safe as an empty answer.
        const allowed = viewer === 'WAREHOUSE_OPERATOR' ? [...row.allowed, E.FORBIDDEN, E.NOT_FOUND] : row.allowed;
        if (!allowed.includes(r[viewer]!)) bad.push(`${path} as ${viewer}: ${r[viewer]}`);
      }
      rows.push(r);
    }
    console.table(rows);
    expect(bad).toEqual([]);
  }, 120_000);

  // Long because: the matrix rows close over the fixture pools built at its top (alerts, orders, codes, keys,
  // tokens and users per owner, each consumed once), then every public mutation runs against the rows in
  // one pass; split, those pools would travel through a dozen parameters.
  it("every public mutation checks act-for rights for the row's owner and audits what it changes", async () => {
    // ---- fixtures: pools of objects per owner (alerts wait for the scans)
    const o2c = await buildO2c();
    const dealerOf = (o: Owner) => dealer[o].id;
    // net:P5b one tier price on js's and nj's lists for their sub-dealers, for removeSubDealerPrice.
    for (const role of ['DEALER_ADMIN js (parent)', 'DEALER_ADMIN nj'] as const) {
      const set = await as(role)(
        'mutation($i: SubDealerPriceInput!) { setSubDealerPrice(input: $i) { errors { code message } } }',
        { i: { productId, minQuantity: 2, unitPrice: '5000.00' } },
      );
      expect(set.data.setSubDealerPrice.errors).toEqual([]);
    }
    const sellerEntries = () =>
      sqlRow(
        t,
        'pricing',
        'select count(*) as n, sum(e.unit_price_minor) as s from price_list_entry e join price_list l ' +
          'on l.id = e.price_list_id where l.seller_dealer_id is not null',
      );
    const ownSellerList = {
      ...Object.fromEntries(ROLES.map((r) => [r, { in: 'js', out: null }])),
      'DEALER_ADMIN nj': { in: 'nj', out: null },
      'DEALER_STAFF nj': { in: 'nj', out: null },
    } as Record<RoleName, Record<Side, Owner | null>>;
    const creditAlerts = await waitUntil('a credit alert for each owner', () => {
      const pools = Object.fromEntries(
        (['js', 'nj', 'east', 'south'] as const).map((o) => [
          o,
          sqlColumn(
            t,
            'finance',
            'select id from credit_alert where dealer_id = ? and acknowledged_at is null order by id',
            dealerOf(o),
          ),
        ]),
      );
      return Object.values(pools).every((p) => p.length) ? (pools as Record<Owner, string[]>) : null;
    });
    const inventoryAlerts = await waitUntil('inventory alerts for each dealer warehouse', () => {
      const pools = Object.fromEntries(
        (['js', 'nj', 'east', 'south'] as const).map((o) => [
          o,
          dealer[o].warehouseId
            ? sqlColumn(
                t,
                'inventory',
                'select id from inventory_alert where warehouse_id = ? and acknowledged_at is null order by ' +
                  'id limit 10',
                dealer[o].warehouseId!,
              )
            : [],
        ]),
      );
      return pools.js!.length && pools.east!.length && pools.south!.length ? (pools as Record<Owner, string[]>) : null;
    });
    const orderAlerts = await waitUntil(
      'an overdue-review alert for each owner',
      () => {
        const pools = Object.fromEntries(
          (['js', 'nj', 'east', 'south'] as const).map((o) => [
            o,
            sqlColumn(
              t,
              'orders',
              'select id from order_alert where dealer_id = ? and acknowledged_at is null order by id',
              dealerOf(o),
            ),
          ]),
        );
        return Object.values(pools).every((p) => p.length) ? (pools as Record<Owner, string[]>) : null;
      },
      180_000,
    );
    const pendingOrders = Object.fromEntries(
      (['js', 'nj', 'east', 'south'] as const).map((o) => [
        o,
        sqlColumn(
          t,
          'orders',
          "select id from sales_order where dealer_id = ? and status = 'PENDING_REVIEW' order by placed_at " +
            'desc limit 3',
          dealerOf(o),
        ),
      ]),
    ) as Record<Owner, string[]>;
    const levels = Object.fromEntries(
      (['js', 'nj', 'east', 'south'] as const).map((o) => [
        o,
        dealer[o].warehouseId
          ? sqlColumn(
              t,
              'inventory',
              'select id from stock_level where warehouse_id = ? order by id limit 3',
              dealer[o].warehouseId!,
            )
          : [],
      ]),
    ) as Record<Owner, string[]>;
    const codes = Object.fromEntries(
      (['js', 'nj', 'east', 'south'] as const).map((o) => [
        o,
        sqlColumn(
          t,
          'traceability',
          "select code from serial_code where owner_dealer_id = ? and level = 'ITEM' and status in " +
            "('RECEIVED', 'SHIPPED') order by code limit 12",
          dealerOf(o),
        ),
      ]),
    ) as Record<Owner, string[]>;
    // Diversion alerts where the east manager and a south one act: nj sells its own codes in Hangzhou and in Guangzhou.
    const diversions: Record<Owner, string[]> = { js: [], nj: [], east: [], south: [] };
    const njCodes = [...codes.nj];
    for (const [owner, regionId] of [
      ['east', 'reg_zj_hz'],
      ['east', 'reg_zj_hz'],
      ['east', 'reg_zj_hz'],
      ['south', 'reg_gd_gz'],
      ['south', 'reg_gd_gz'],
      ['south', 'reg_gd_gz'],
    ] as const) {
      const code = njCodes.pop()!;
      const res = await t.gql(
        'mutation($i: ScanCodeInput!) { scanCode(input: $i) { diversionAlert { id } errors { code message } } }',
        { i: { code, action: 'SELL', regionId } },
        tok.nj_admin,
      );
      expect(res.data?.scanCode?.diversionAlert?.id, JSON.stringify(res)).toBeTruthy();
      diversions[owner].push(res.data.scanCode.diversionAlert.id);
    }
    const keyIds: string[] = [];
    for (let i = 0; i < 2; i++)
      keyIds.push(
        (
          await hq('mutation($i: CreatePartnerKeyInput!) { createPartnerKey(input: $i) { partnerKey { id } } }', {
            i: { name: `victim ${i}`, scope: 'CATALOG_READ' },
          })
        ).data.createPartnerKey.partnerKey.id,
      );
    const refreshTokens: Record<string, string[]> = {};
    for (const u of ['hq_admin', 'east_manager', 'js_admin', 'nj_admin', 'nj_staff', 'wh_east_op', 'fin_clerk']) {
      refreshTokens[u] = [];
      for (let i = 0; i < 3; i++)
        refreshTokens[u]!.push(
          (
            await t.gql('mutation($i: LoginInput!) { login(input: $i) { refreshToken } }', {
              i: { username: u, password: 'Demo@2026' },
            })
          ).data.login.refreshToken,
        );
    }
    for (const owner of ['east', 'south'] as const) {
      for (let i = 0; i < 2; i++) {
        const p = await hq('mutation($i: PromotionInput!) { createPromotion(input: $i) { promotion { id } } }', {
          i: promotionInput(`MTX-${owner}-${i}`, [owner === 'east' ? 'reg_east' : 'reg_south']),
        });
        promotions[owner].push(p.data.createPromotion.promotion.id);
      }
    }
    // Price violations, three per owner: js's, nj's and the Zhejiang agent's seen in East China, the Guangdong agent's
    // in South China.
    for (const owner of ['js', 'nj', 'east', 'south'] as const) {
      const places = regionsUnder(owner === 'south' ? 'reg_south' : 'reg_east');
      expect(places).toHaveLength(3);
      await raiseViolations(owner, places);
    }
    // fin:rebates pools per owner, each policy naming that owner's dealer: DRAFTs to change and to activate, ACTIVE
    // ones to close, TARGET DRAFTs and ACTIVE MANUAL ones; south's feed two allowed calls (HQ, the clerk's "out").
    type RebatePool = 'update' | 'activate' | 'close' | 'targets' | 'award';
    const rebatePools = { update: {}, activate: {}, close: {}, targets: {}, award: {} } as Record<
      RebatePool,
      Record<Owner, string[]>
    >;
    const rebateDealer = new Map<string, string>();
    for (const o of ['js', 'nj', 'east', 'south'] as const) {
      for (let i = 0; i < (o === 'south' ? 3 : 2); i++) {
        for (const [pool, kind, active] of [
          ['update', 'TIERED', false],
          ['activate', 'TIERED', false],
          ['close', 'TIERED', true],
          ['targets', 'TARGET', false],
          ['award', 'MANUAL', true],
        ] as const) {
          const id = await createRebate(kind, dealerOf(o), active);
          (rebatePools[pool][o] ??= []).push(id);
          rebateDealer.set(id, dealerOf(o));
        }
      }
    }
    const rebateAdmins = (): Record<RoleName, [string, string]> => ({
      ...hqOnly(),
      FINANCE_CLERK: [E.done, E.done],
    });
    const rebateCount = (table: string) => (id: string) =>
      sqlRow(t, 'finance', `select count(*) as n from ${table} where policy_id = ?`, id);
    // Users to disable and enable again: one per owner that no role of the matrix logs in as.
    const userIdOf = (owner: Owner) =>
      sqlRow(t, 'dealers', 'select id from app_user where dealer_id = ? order by id limit 1', dealer[owner].id)!
        .id as string;
    const spareUsers = Object.fromEntries(
      (['js', 'nj', 'east', 'south'] as const).map((o) => [o, copyUser(t, userIdOf(o), `usr_mtx_${o}`)]),
    ) as Record<Owner, string>;
    /** A dealer admin acts for its own dealer's users only: a sub-dealer's or the parent's are not found. */
    const userAdmin = (): Record<RoleName, [string, string]> => ({
      ...hqOnly(),
      ...dealerAdmins(E.done, E.NOT_FOUND, E.done, E.NOT_FOUND, E.FORBIDDEN, E.FORBIDDEN),
    });
    let invited = 0;
    const userOf: Record<RoleName, string> = {
      anonymous: 'nj_staff',
      HQ_ADMIN: 'hq_admin',
      REGION_MANAGER: 'east_manager',
      'DEALER_ADMIN js (parent)': 'js_admin',
      'DEALER_ADMIN nj': 'nj_admin',
      'DEALER_STAFF nj': 'nj_staff',
      'PARTNER CATALOG_READ': 'nj_staff',
      'PARTNER DEALER_READ': 'nj_staff',
      WAREHOUSE_OPERATOR: 'wh_east_op',
      FINANCE_CLERK: 'fin_clerk',
    };

    /**
     * Takes the next fresh object of a pool for an allowed call; a refused one reuses the last (it must
     * stay untouched).
     */
    const from = (pool: string[] | undefined, fresh: boolean) =>
      pool?.length ? (fresh ? pool.shift()! : pool[pool.length - 1]!) : null;

    interface Row {
      sides?: Record<RoleName, Record<Side, Owner | null>>;
      /** The object (or input) of one call; null when the owner has none. */
      target(owner: Owner, fresh: boolean, role: RoleName): string | null;
      vars(target: string, role: RoleName): Record<string, unknown>;
      /** The state a refused call must leave as it was (read from the owning subgraph's database). */
      read(target: string): unknown;
      expect: Record<RoleName, [string, string]>;
    }
    const rowOf =
      (subgraph: string, table: string, key = 'id') =>
      (target: string) =>
        sqlRow(t, subgraph, `select * from ${table} where ${key} = ?`, target);
    const countOf = (subgraph: string, table: string) => () =>
      sqlRow(t, subgraph, `select count(*) as n from ${table}`);
    const dealerAdmins = (
      jsIn: string,
      jsOut: string,
      njIn: string,
      njOut: string,
      staffIn: string,
      staffOut: string,
    ) =>
      ({
        'DEALER_ADMIN js (parent)': [jsIn, jsOut],
        'DEALER_ADMIN nj': [njIn, njOut],
        'DEALER_STAFF nj': [staffIn, staffOut],
      }) satisfies Partial<Record<RoleName, [string, string]>>;
    const ack = (managers: [string, string] = [E.done, E.NOT_FOUND]): Record<RoleName, [string, string]> => ({
      ...hqOnly(),
      REGION_MANAGER: managers,
      // A parent dealer reads its sub-dealer's alert but may not act for it; a dealer never sees its parent's.
      ...dealerAdmins(E.done, E.FORBIDDEN, E.done, E.NOT_FOUND, E.FORBIDDEN, E.FORBIDDEN),
    });
    const divSides = REGION_SIDES;
    let paymentKeys = 0;
    // Ended months no run has closed yet (the fixtures ran September to November).
    const statementPeriods = ['2026-06', '2026-07', '2026-08'];
    // net:P6 credit-limit changes: one increase above the threshold waits, requested by the clerk, on a dealer none
    // of the owners is (its requests below must not meet CHANGE_PENDING); every owner's pool names it.
    const creditRoom = (dealerId: string) =>
      Number(
        sqlRow(
          t,
          'finance',
          'select max(limit_minor, used_minor + held_minor) as l from credit_account where dealer_id = ?',
          dealerId,
        )!.l,
      );
    let creditSteps = 0;
    const spareDealer = sqlRow(
      t,
      'finance',
      'select dealer_id as d from credit_account where dealer_id not in (?, ?, ?, ?) order by dealer_id limit 1',
      ...(['js', 'nj', 'east', 'south'] as const).map(dealerOf),
    )!.d as string;
    const pendingChange = (
      await as('FINANCE_CLERK')(
        'mutation($i: CreditLimitChangeInput!) { requestCreditLimitChange(input: $i) { change { id } errors { code } ' +
          '} }',
        {
          i: {
            dealerId: spareDealer,
            limit: ((creditRoom(spareDealer) + 30_000_000) / 100).toFixed(2),
            termDays: 30,
            reason: 'matrix',
          },
        },
      )
    ).data.requestCreditLimitChange.change.id as string;
    const pendingChanges = { js: [pendingChange], nj: [pendingChange], east: [pendingChange], south: [pendingChange] };
    // net:P3 dealer lifecycle: spare objects no other row uses, copied in the dealers database (a dealer to
    // suspend and reinstate, one to move, applications, renewals waiting for review, alerts, grade proposals).
    const lifecycle = await buildLifecycle();
    const gradePeriods = ['2026-07', '2026-08'];
    const NOT_SUB = 'refused:NOT_A_SUB_DEALER';
    const NO_LINE = 'refused:DEALER_HAS_NO_ACCOUNT';
    // rr:R3 PROPOSED settlements per owner (a BALANCE award policy each for approving and for rejecting, one
    // award in each of three ended quarters), and ended months per owner for proposeRebateSettlements.
    const settlementPools = { approve: {}, reject: {} } as Record<'approve' | 'reject', Record<Owner, string[]>>;
    const quarters = ['2026-Q1', '2026-Q2', '2026-Q3'];
    for (const o of ['js', 'nj', 'east', 'south'] as const) {
      for (const pool of ['approve', 'reject'] as const) {
        const created = await hq(
          'mutation($i: RebatePolicyInput!) { createRebatePolicy(input: $i) { policy { id } errors { code } } }',
          { i: { ...rebateInput('MANUAL', [dealerOf(o)]), settlementForm: 'BALANCE' } },
        );
        const id = created.data.createRebatePolicy.policy.id as string;
        await hq(
          'mutation($id: ID!, $v: Int!) { activateRebatePolicy(id: $id, expectedVersion: $v) { errors { code } } }',
          {
            ...{ id, v: rebateVersion(id) },
          },
        );
        for (const period of quarters) {
          const award = { policyId: id, dealerId: dealerOf(o), period, amount: 10_000, reason: 'matrix' };
          const res = await hq(
            'mutation($i: GrantRebateAwardInput!) { grantRebateAward(input: $i) { errors { code } } }',
            {
              i: award,
            },
          );
          expect(res.data.grantRebateAward.errors).toEqual([]);
        }
        (settlementPools[pool][o] ??= []).push(id);
      }
    }
    for (const period of quarters) {
      const res = await hq('mutation($p: String!) { proposeRebateSettlements(period: $p) { errors { code } } }', {
        p: period,
      });
      expect(res.data.proposeRebateSettlements.errors).toEqual([]);
    }
    for (const pool of ['approve', 'reject'] as const) {
      for (const o of ['js', 'nj', 'east', 'south'] as const) {
        const policyId = settlementPools[pool][o][0]!;
        settlementPools[pool][o] = sqlColumn(
          t,
          'finance',
          "select id from rebate_settlement where policy_id = ? and status = 'PROPOSED' order by period",
          policyId,
        );
      }
    }
    const settlementVersion = (id: string) =>
      Number(sqlRow(t, 'finance', 'select version from rebate_settlement where id = ?', id)!.version);
    const runPeriods = {
      js: ['2025-01', '2025-02', '2025-03'],
      nj: ['2025-04', '2025-05', '2025-06'],
      east: ['2025-07', '2025-08', '2025-09'],
      south: ['2025-10', '2025-11', '2025-12'],
    } as Record<Owner, string[]>;
    const MATRIX: Record<string, Row> = {
      createPartnerKey: {
        target: () => 'new',
        vars: (_t, r) => ({ input: { name: `mtx ${r}`, scope: 'DEALER_READ', dealerId: dealer.nj.id } }),
        read: countOf('dealers', 'partner_key'),
        expect: hqOnly(),
      },
      revokePartnerKey: {
        target: (_o, fresh) => from(keyIds, fresh),
        vars: (id) => ({ id }),
        read: rowOf('dealers', 'partner_key'),
        expect: hqOnly(),
      },
      // disableUser runs before enableUser (rows go in name order): enabling finds the users the allowed
      // cells disabled.
      disableUser: {
        target: (o) => spareUsers[o],
        vars: (id) => ({ id, reason: 'matrix' }),
        read: rowOf('dealers', 'app_user'),
        expect: userAdmin(),
      },
      enableUser: {
        target: (o) => spareUsers[o],
        vars: (id) => ({ id }),
        read: rowOf('dealers', 'app_user'),
        expect: userAdmin(),
      },
      logout: {
        // The refresh token is the credential: whoever holds it may end that session (the apps log out after
        // the access token expired); partners never write.
        target: (_o, fresh, role) => from(refreshTokens[userOf[role]], fresh),
        vars: (refreshToken) => ({ refreshToken }),
        read: () => sqlRow(t, 'dealers', 'select count(*) as n from refresh_token where revoked_at is not null'),
        expect: {
          ...hqOnly(),
          anonymous: [E.done, E.NA],
          REGION_MANAGER: [E.done, E.NA],
          ...dealerAdmins(E.done, E.NA, E.done, E.NA, E.done, E.NA),
          WAREHOUSE_OPERATOR: [E.done, E.NA],
          FINANCE_CLERK: [E.done, E.NA],
        },
        sides: Object.fromEntries(ROLES.map((r) => [r, { in: 'nj', out: null }])) as never,
      },
      acknowledgeCreditAlert: {
        target: (o, fresh) => from(creditAlerts[o], fresh),
        vars: (id) => ({ id }),
        read: rowOf('finance', 'credit_alert'),
        expect: ack(),
      },
      acknowledgeInventoryAlert: {
        target: (o, fresh) => from(inventoryAlerts[o], fresh),
        vars: (id) => ({ id }),
        read: rowOf('inventory', 'inventory_alert'),
        // Only provincial agents run warehouses: nj has none, so js's "outside" is another agent's (east),
        // nj's its parent's.
        sides: {
          ...DEFAULT_SIDES,
          'DEALER_ADMIN js (parent)': { in: 'js', out: 'east' },
          'DEALER_ADMIN nj': { in: null, out: 'js' },
          'DEALER_STAFF nj': { in: null, out: 'js' },
          anonymous: { in: 'js', out: 'south' },
          'PARTNER CATALOG_READ': { in: 'js', out: 'south' },
          'PARTNER DEALER_READ': { in: 'js', out: 'south' },
          WAREHOUSE_OPERATOR: { in: 'js', out: 'south' },
          FINANCE_CLERK: { in: 'js', out: 'south' },
        },
        expect: { ...ack(), ...dealerAdmins(E.done, E.NOT_FOUND, E.NA, E.NOT_FOUND, E.NA, E.FORBIDDEN) },
      },
      adjustStock: {
        target: (o, fresh) => from(levels[o], fresh),
        vars: (id) => {
          const l = sqlRow(t, 'inventory', 'select warehouse_id, product_id from stock_level where id = ?', id)!;
          return {
            input: {
              warehouseId: l.warehouse_id,
              productId: l.product_id,
              delta: 1,
              reason: 'RECEIPT',
              note: 'matrix',
            },
          };
        },
        read: rowOf('inventory', 'stock_level'),
        sides: {
          ...DEFAULT_SIDES,
          'DEALER_ADMIN nj': { in: 'js', out: 'east' },
          'DEALER_STAFF nj': { in: 'js', out: 'east' },
          anonymous: { in: 'js', out: 'south' },
          'PARTNER CATALOG_READ': { in: 'js', out: 'south' },
          'PARTNER DEALER_READ': { in: 'js', out: 'south' },
          'DEALER_ADMIN js (parent)': { in: 'js', out: 'east' },
          WAREHOUSE_OPERATOR: { in: 'js', out: 'south' },
          FINANCE_CLERK: { in: 'js', out: 'south' },
        },
        expect: hqOnly(),
      },
      // n2: inventory administration (HQ; setSafetyStock also the operator in its own warehouses)
      createWarehouse: {
        target: () => 'new',
        vars: (_t, r) => ({
          input: {
            code: `WH-MTX-${ROLES.indexOf(r)}`,
            name: 'mtx',
            nameEn: 'mtx',
            kind: 'REGIONAL',
            regionId: 'reg_js',
          },
        }),
        read: countOf('inventory', 'warehouse'),
        expect: hqOnly(),
      },
      updateWarehouse: {
        target: () => 'wh_east',
        vars: (id, r) => ({
          input: {
            id,
            expectedVersion: Number(sqlRow(t, 'inventory', 'select version from warehouse where id = ?', id)!.version),
            address: `mtx ${r}`,
          },
        }),
        read: rowOf('inventory', 'warehouse'),
        expect: hqOnly(),
      },
      setWarehouseActive: {
        // The warehouse createWarehouse opened (rows run in name order), toggled.
        target: () =>
          (sqlRow(t, 'inventory', "select id from warehouse where code like 'WH-MTX-%' limit 1")?.id as string) ?? null,
        vars: (id) => ({
          id,
          active: !Number(sqlRow(t, 'inventory', 'select active from warehouse where id = ?', id)!.active),
          reason: 'matrix',
        }),
        read: rowOf('inventory', 'warehouse'),
        expect: hqOnly(),
      },
      setSafetyStock: {
        // Dealer-owned levels for everyone; the operator tries its own regional warehouse and South China's.
        target: (o, _fresh, role) =>
          role === 'WAREHOUSE_OPERATOR'
            ? ((sqlRow(
                t,
                'inventory',
                'select id from stock_level where warehouse_id = ? order by id limit 1',
                o === 'south' ? 'wh_south' : 'wh_east',
              )?.id as string | undefined) ?? null)
            : from(levels[o], false),
        vars: (id, r) => {
          const l = sqlRow(t, 'inventory', 'select warehouse_id, product_id from stock_level where id = ?', id)!;
          return {
            input: { warehouseId: l.warehouse_id, productId: l.product_id, safetyStock: 500 + ROLES.indexOf(r) },
          };
        },
        read: rowOf('inventory', 'stock_level'),
        sides: {
          ...DEFAULT_SIDES,
          'DEALER_ADMIN nj': { in: 'js', out: 'east' },
          'DEALER_STAFF nj': { in: 'js', out: 'east' },
          anonymous: { in: 'js', out: 'south' },
          'PARTNER CATALOG_READ': { in: 'js', out: 'south' },
          'PARTNER DEALER_READ': { in: 'js', out: 'south' },
          'DEALER_ADMIN js (parent)': { in: 'js', out: 'east' },
          WAREHOUSE_OPERATOR: { in: 'east', out: 'south' },
          FINANCE_CLERK: { in: 'js', out: 'south' },
        },
        // Another warehouse's level is refused in the payload (NOT_FOUND), as unknown ones are.
        expect: { ...hqOnly(), WAREHOUSE_OPERATOR: [E.done, 'refused:NOT_FOUND'] },
      },
      importSafetyStock: {
        target: () => 'new',
        vars: (_t, r) => {
          const sku = sqlRow(t, 'products', 'select sku from product where id = ?', productId)!.sku;
          const csv = `仓库编码,SKU,安全库存\nWH-HQ,${sku},${600 + ROLES.indexOf(r)}\n`;
          return {
            input: { fileName: `mtx-${ROLES.indexOf(r)}.csv`, contentBase64: Buffer.from(csv).toString('base64') },
          };
        },
        read: countOf('inventory', 'stock_import'),
        expect: hqOnly(),
      },
      // Order alerts are listed to the order's own dealer only: a parent does not even see its sub-dealer's
      // (NOT_FOUND).
      acknowledgeOrderAlert: {
        target: (o, fresh) => from(orderAlerts[o], fresh),
        vars: (id) => ({ id }),
        read: rowOf('orders', 'order_alert'),
        expect: { ...ack(), ...dealerAdmins(E.done, E.NOT_FOUND, E.done, E.NOT_FOUND, E.FORBIDDEN, E.FORBIDDEN) },
      },
      placeOrder: {
        target: () => 'new',
        vars: (_t, r) => ({
          input: { idempotencyKey: `mtx-place-${ROLES.indexOf(r)}`, lines: [{ sku: productSku, quantity: 1 }] },
        }),
        read: countOf('orders', 'sales_order'),
        expect: { ...hqOnly(E.FORBIDDEN), ...dealerAdmins(E.done, E.NA, E.done, E.NA, E.done, E.NA) },
        sides: Object.fromEntries(ROLES.map((r) => [r, { in: 'nj', out: null }])) as never,
      },
      reviewOrder: {
        target: (o, fresh) => from(pendingOrders[o], fresh),
        vars: (id) => ({ id, decision: 'REJECT', comment: 'matrix' }),
        read: rowOf('orders', 'sales_order'),
        // A dealer admin reviews only the orders it sells (two-tier): its own are FORBIDDEN, one it cannot
        // even read NOT_FOUND (nj's "out" order is its parent's); the matrix's orders are all the brand's.
        expect: {
          ...hqOnly(),
          REGION_MANAGER: [E.done, E.NOT_FOUND],
          ...dealerAdmins(E.FORBIDDEN, E.FORBIDDEN, E.FORBIDDEN, E.NOT_FOUND, E.FORBIDDEN, E.FORBIDDEN),
        },
      },
      cancelOrder: {
        target: (o, fresh) => from(pendingOrders[o], fresh),
        vars: (id) => ({ id, reason: 'matrix' }),
        read: rowOf('orders', 'sales_order'),
        expect: { ...hqOnly(), ...dealerAdmins(E.done, E.FORBIDDEN, E.done, E.NOT_FOUND, E.done, E.NOT_FOUND) },
      },
      createPriceList: {
        target: () => 'new',
        vars: (_t, r) => ({
          input: {
            code: `MTX-${ROLES.indexOf(r)}`,
            name: 'mtx',
            nameEn: 'mtx',
            validFrom: new Date().toISOString(),
            active: false,
          },
        }),
        read: countOf('pricing', 'price_list'),
        expect: hqOnly(),
      },
      updatePriceList: {
        target: () => priceListId,
        vars: (id, r) => ({
          id,
          input: {
            code: 'SCOPES-ARG',
            name: `mtx ${r}`,
            nameEn: 'mtx',
            validFrom: '2026-01-01T00:00:00.000Z',
            active: false,
          },
        }),
        read: rowOf('pricing', 'price_list'),
        expect: hqOnly(),
      },
      setPriceListEntries: {
        target: () => priceListId,
        vars: (id, r) => ({
          priceListId: id,
          entries: [{ productId, minQuantity: 1, unitPriceMinor: 1000 + ROLES.indexOf(r) }],
        }),
        read: () =>
          sqlRow(
            t,
            'pricing',
            'select count(*) as n, sum(unit_price_minor) as s from price_list_entry where price_list_id = ?',
            priceListId,
          ),
        expect: hqOnly(),
      },
      // net:P5b a dealer's prices for its sub-dealers: always its own list (js and nj both have sub-dealers).
      setSubDealerPrice: {
        target: () => productId,
        vars: (id, r) => ({ input: { productId: id, unitPrice: `${5000 + ROLES.indexOf(r)}.00` } }),
        read: sellerEntries,
        sides: ownSellerList,
        expect: { ...hqOnly(E.FORBIDDEN), ...dealerAdmins(E.done, E.NA, E.done, E.NA, E.FORBIDDEN, E.NA) },
      },
      removeSubDealerPrice: {
        target: () => productId,
        vars: (id) => ({ productId: id, minQuantity: 2 }),
        read: sellerEntries,
        sides: ownSellerList,
        expect: { ...hqOnly(E.FORBIDDEN), ...dealerAdmins(E.done, E.NA, E.done, E.NA, E.FORBIDDEN, E.NA) },
      },
      // net:P5a a parent's review rule for its sub-dealers' orders: always its own dealer's (js and nj both have
      // sub-dealers); each role's threshold differs, so a write shows in the sum.
      setSubDealerReviewRules: {
        target: () => 'new',
        vars: (_t, r) => ({ input: { autoApprove: true, reviewAmountThreshold: `${5000 + ROLES.indexOf(r)}.00` } }),
        read: () =>
          sqlRow(t, 'orders', 'select count(*) as n, sum(review_threshold_minor) as s from seller_review_rule'),
        sides: ownSellerList,
        expect: { ...hqOnly(E.FORBIDDEN), ...dealerAdmins(E.done, E.NA, E.done, E.NA, E.FORBIDDEN, E.NA) },
      },
      createProduct: {
        target: () => 'new',
        vars: (_t, r) => {
          const like = sqlRow(t, 'products', 'select brand_id, category_id from product where id = ?', productId)!;
          const input = { sku: `MTX-P-${ROLES.indexOf(r)}`, name: 'mtx', nameEn: 'mtx', unit: '箱', unitEn: 'case' };
          return {
            input: {
              ...input,
              ...{ brandId: like.brand_id, categoryId: like.category_id, barcode: '4006381333931' },
              ...{ taxClass: 'STANDARD', shelfLifeDays: 30, traceable: false },
            },
          };
        },
        read: countOf('products', 'product'),
        expect: hqOnly(),
      },
      updateProduct: {
        target: () => sqlColumn(t, 'products', "select id from product where sku like 'MTX-P-%' limit 1")[0] ?? null,
        vars: (id, r) => {
          const row = sqlRow(t, 'products', 'select version from product where id = ?', id)!;
          return { input: { id, expectedVersion: Number(row.version), nameEn: `mtx ${ROLES.indexOf(r)}` } };
        },
        read: rowOf('products', 'product'),
        expect: hqOnly(),
      },
      createCategory: {
        target: () => 'new',
        vars: (_t, r) => ({ input: { code: `MTX-C-${ROLES.indexOf(r)}`, name: 'mtx', nameEn: 'mtx' } }),
        read: countOf('products', 'category'),
        expect: hqOnly(),
      },
      updateCategory: {
        target: () => sqlColumn(t, 'products', "select id from category where code like 'MTX-C-%' limit 1")[0] ?? null,
        vars: (id, r) => {
          const row = sqlRow(t, 'products', 'select code from category where id = ?', id)!;
          return { id, input: { code: row.code, name: `mtx ${ROLES.indexOf(r)}`, nameEn: 'mtx' } };
        },
        read: rowOf('products', 'category'),
        expect: hqOnly(),
      },
      moveCategory: {
        target: () => sqlColumn(t, 'products', "select id from category where code like 'MTX-C-%' limit 1")[0] ?? null,
        vars: (id, r) => ({ id, parentId: null, position: 100 + ROLES.indexOf(r) }),
        read: rowOf('products', 'category'),
        expect: hqOnly(),
      },
      createBrand: {
        target: () => 'new',
        vars: (_t, r) => ({ input: { code: `MTX-B-${ROLES.indexOf(r)}`, name: 'mtx', nameEn: 'mtx' } }),
        read: countOf('products', 'brand'),
        expect: hqOnly(),
      },
      updateBrand: {
        target: () => sqlColumn(t, 'products', "select id from brand where code like 'MTX-B-%' limit 1")[0] ?? null,
        vars: (id, r) => {
          const row = sqlRow(t, 'products', 'select code from brand where id = ?', id)!;
          return { id, input: { code: row.code, name: `mtx ${ROLES.indexOf(r)}`, nameEn: 'mtx' } };
        },
        read: rowOf('products', 'brand'),
        expect: hqOnly(),
      },
      // net:P1 images: HQ's attach names no upload of its own (the uploads are the e2e's), so it is refused.
      attachProductImages: {
        target: () => sqlColumn(t, 'products', 'select id from product order by id limit 1')[0] ?? null,
        vars: (productId) => ({ productId, uploadIds: ['upl_matrix_none'] }),
        read: rowOf('products', 'product'),
        expect: hqOnly('refused:UPLOAD_UNKNOWN'),
      },
      removeProductImage: {
        target: () => 'img_matrix_none',
        vars: (imageId) => ({ imageId }),
        read: rowOf('products', 'product_image'),
        expect: hqOnly(E.NOT_FOUND),
      },
      setProductImageAlt: {
        target: () => 'img_matrix_none',
        vars: (imageId) => ({ imageId, alt: 'matrix' }),
        read: rowOf('products', 'product_image'),
        expect: hqOnly(E.NOT_FOUND),
      },
      reorderProductImages: {
        // The matrix's product has no images: the empty order is its whole order.
        target: () => sqlColumn(t, 'products', "select id from product where sku like 'MTX-P-%' limit 1")[0] ?? null,
        vars: (productId) => ({ productId, imageIds: [] }),
        read: rowOf('products', 'product'),
        expect: hqOnly(),
      },
      retireProduct: {
        target: () => sqlColumn(t, 'products', "select id from product where sku like 'MTX-P-%' limit 1")[0] ?? null,
        vars: (id) => ({ id, reason: 'matrix' }),
        read: rowOf('products', 'product'),
        expect: hqOnly(),
      },
      createPromotion: {
        target: (o) => (o === 'south' ? 'reg_south' : 'reg_east'),
        vars: (region, r) => ({ input: promotionInput(`MTXC-${ROLES.indexOf(r)}-${region}`, [region]) }),
        read: countOf('pricing', 'promotion'),
        sides: REGION_SIDES,
        expect: { ...hqOnly(), REGION_MANAGER: [E.done, 'refused:OUT_OF_REGION'] },
      },
      updatePromotion: {
        target: (o, fresh) => from(promotions[o], fresh),
        vars: (id, r) => ({
          id,
          input: promotionInput(`MTXU-${ROLES.indexOf(r)}`, [
            id === promotions.south.at(-1) ? 'reg_south' : 'reg_east',
          ]),
        }),
        read: rowOf('pricing', 'promotion'),
        sides: REGION_SIDES,
        // A promotion of another region is not even visible to the manager: NOT_FOUND, as for an unknown id.
        expect: { ...hqOnly(), REGION_MANAGER: [E.done, E.NOT_FOUND] },
      },
      setPromotionActive: {
        target: (o, fresh) => from(promotions[o], fresh),
        vars: (id) => ({ id, active: true }),
        read: rowOf('pricing', 'promotion'),
        sides: REGION_SIDES,
        expect: { ...hqOnly(), REGION_MANAGER: [E.done, E.NOT_FOUND] },
      },
      acknowledgeDiversionAlert: {
        target: (o, fresh) => from(diversions[o], fresh),
        vars: (id) => ({ id }),
        read: rowOf('traceability', 'diversion_alert'),
        sides: divSides,
        expect: { ...hqOnly(), REGION_MANAGER: [E.done, E.NOT_FOUND] },
      },
      resolveDiversionAlert: {
        target: (o, fresh) => from(diversions[o], fresh),
        vars: (id) => ({ id }),
        read: rowOf('traceability', 'diversion_alert'),
        sides: divSides,
        expect: { ...hqOnly(), REGION_MANAGER: [E.done, E.NOT_FOUND] },
      },
      // Issue 16 price control: HQ sets and removes minimums; a dealer user reports for its own dealer only (a
      // parent not for its sub-dealer); a violation is acted on by HQ, the manager where it was seen and the
      // dealer's own admin (a parent neither reads nor acts for its sub-dealer's).
      setMinimumResalePrice: {
        target: (o) => (o === 'south' ? 'reg_south' : 'reg_east'),
        vars: (regionId, r) => ({ input: { productId, regionId, minPriceMinor: 2_000_000 + ROLES.indexOf(r) } }),
        read: () => sqlRow(t, 'pricing', 'select count(*) as n, sum(min_price_minor) as s from resale_floor'),
        sides: REGION_SIDES,
        expect: hqOnly(),
      },
      removeMinimumResalePrice: {
        target: (o) => (o === 'south' ? 'reg_south' : 'reg_east'),
        vars: (regionId) => ({ productId, regionId }),
        read: (regionId) =>
          sqlRow(
            t,
            'pricing',
            'select * from resale_floor where product_id = ? and region_id = ?',
            productId,
            regionId,
          ),
        sides: REGION_SIDES,
        expect: hqOnly(),
      },
      reportRetailPrice: {
        target: (o) => dealerOf(o),
        vars: (dealerId) => ({ input: { productId, regionId: 'reg_east', priceMinor: 99_999_999, dealerId } }),
        read: countOf('pricing', 'retail_price_report'),
        expect: {
          ...hqOnly(),
          ...dealerAdmins(E.done, E.FORBIDDEN, E.done, E.FORBIDDEN, E.done, E.FORBIDDEN),
        },
      },
      acknowledgePriceViolation: {
        target: (o, fresh) => from(violations[o], fresh),
        vars: (id) => ({ id }),
        read: rowOf('pricing', 'price_violation'),
        expect: { ...ack(), ...dealerAdmins(E.done, E.NOT_FOUND, E.done, E.NOT_FOUND, E.FORBIDDEN, E.FORBIDDEN) },
      },
      resolvePriceViolation: {
        target: (o, fresh) => from(violations[o], fresh),
        vars: (id) => ({ id }),
        read: rowOf('pricing', 'price_violation'),
        expect: { ...ack(), ...dealerAdmins(E.done, E.NOT_FOUND, E.done, E.NOT_FOUND, E.FORBIDDEN, E.FORBIDDEN) },
      },
      // net:P6 requests: HQ and finance clerks for every dealer, managers in their region; approvals HQ only (the
      // clerk requested the change, so HQ is not its requester).
      requestCreditLimitChange: {
        target: (o) => dealerOf(o),
        vars: (dealerId) => ({
          input: {
            ...{ dealerId, limit: ((creditRoom(dealerId) + 100 * ++creditSteps) / 100).toFixed(2) },
            ...{ termDays: 30, reason: 'matrix' },
          },
        }),
        read: countOf('finance', 'credit_limit_change'),
        expect: { ...hqOnly(), REGION_MANAGER: [E.done, E.NOT_FOUND], FINANCE_CLERK: [E.done, E.done] },
      },
      approveCreditLimitChange: {
        target: (o, fresh) => from(pendingChanges[o], fresh),
        vars: (id) => ({ input: { id, decision: 'APPROVE', comment: 'matrix' } }),
        read: rowOf('finance', 'credit_limit_change'),
        expect: hqOnly(),
      },
      // net:P6 a parent's line to its direct sub-dealer (js → nj; HQ for the parent); nj is no parent of js or
      // south, js none of south: NOT_A_SUB_DEALER; staff and everyone else by grants.
      setSubDealerCreditLine: {
        target: (o) => dealerOf(o),
        vars: (dealerId, r) => ({
          input: { dealerId, limit: `${1000 + ROLES.indexOf(r)}.00`, termDays: 30, reason: 'matrix' },
        }),
        read: () =>
          sqlRow(
            t,
            'finance',
            "select count(*) as n, sum(limit_minor) as s from credit_account where seller_key <> 'BRAND'",
          ),
        sides: {
          ...DEFAULT_SIDES,
          HQ_ADMIN: { in: 'nj', out: null },
          'DEALER_ADMIN js (parent)': { in: 'nj', out: 'south' },
          'DEALER_ADMIN nj': { in: 'js', out: 'south' },
        },
        expect: {
          ...hqOnly(),
          ...dealerAdmins(E.done, NOT_SUB, NOT_SUB, NOT_SUB, E.FORBIDDEN, E.FORBIDDEN),
        },
      },
      // fin:rebates (issue 16 §6): HQ admins and finance clerks act for every dealer; everyone else by grants.
      createRebatePolicy: {
        target: (o) => dealerOf(o),
        vars: (dealerId, r) => ({ input: rebateInput('TIERED', [dealerId], `MTX-RB-${ROLES.indexOf(r)}-${dealerId}`) }),
        read: countOf('finance', 'rebate_policy'),
        expect: rebateAdmins(),
      },
      updateRebatePolicy: {
        target: (o, fresh) => from(rebatePools.update[o], fresh),
        vars: (id, r) => ({ input: { id, expectedVersion: rebateVersion(id), name: `mtx ${r}` } }),
        read: rowOf('finance', 'rebate_policy'),
        expect: rebateAdmins(),
      },
      activateRebatePolicy: {
        target: (o, fresh) => from(rebatePools.activate[o], fresh),
        vars: (id) => ({ id, expectedVersion: rebateVersion(id) }),
        read: rowOf('finance', 'rebate_policy'),
        expect: rebateAdmins(),
      },
      closeRebatePolicy: {
        target: (o, fresh) => from(rebatePools.close[o], fresh),
        vars: (id) => ({ id, expectedVersion: rebateVersion(id) }),
        read: rowOf('finance', 'rebate_policy'),
        expect: rebateAdmins(),
      },
      setRebateTargets: {
        target: (o, fresh) => from(rebatePools.targets[o], fresh),
        vars: (id, r) => ({
          input: {
            ...{ policyId: id, expectedVersion: rebateVersion(id) },
            targets: [{ dealerId: rebateDealer.get(id), period: '2026-Q2', target: 1_000_000 + ROLES.indexOf(r) }],
          },
        }),
        read: (id) => ({ policy: rowOf('finance', 'rebate_policy')(id), targets: rebateCount('rebate_target')(id) }),
        expect: rebateAdmins(),
      },
      grantRebateAward: {
        target: (o, fresh) => from(rebatePools.award[o], fresh),
        vars: (id) => ({
          input: { policyId: id, dealerId: rebateDealer.get(id), period: '2026-Q2', amount: 10_000, reason: 'matrix' },
        }),
        read: (id) => ({ policy: rowOf('finance', 'rebate_policy')(id), awards: rebateCount('rebate_award')(id) }),
        expect: rebateAdmins(),
      },
      // rr:R3 settlements: HQ admins and finance clerks decide and propose for every dealer; everyone else by grants.
      proposeRebateSettlements: {
        target: (o, fresh) => from(runPeriods[o], fresh),
        vars: (period) => ({ period }),
        read: rowOf('finance', 'rebate_settlement_run', 'period'),
        expect: rebateAdmins(),
      },
      approveRebateSettlement: {
        target: (o, fresh) => from(settlementPools.approve[o], fresh),
        vars: (id) => ({ input: { id, expectedVersion: settlementVersion(id) } }),
        read: rowOf('finance', 'rebate_settlement'),
        expect: rebateAdmins(),
      },
      rejectRebateSettlement: {
        target: (o, fresh) => from(settlementPools.reject[o], fresh),
        vars: (id) => ({ input: { id, expectedVersion: settlementVersion(id), reason: 'matrix' } }),
        read: rowOf('finance', 'rebate_settlement'),
        expect: rebateAdmins(),
      },
      // o2c:P3 recordPayment: HQ and finance clerks (all dealers); nobody else.
      recordPayment: {
        target: (o) => dealerOf(o),
        vars: (dealerId, role) => ({
          input: {
            ...{ dealerId, idempotencyKey: `mtx-${role.replace(/\W/g, '')}-${++paymentKeys}`, amount: '0.01' },
            ...{ method: 'BANK_TRANSFER', reference: 'MTX', receivedOn: '2026-01-02' },
          },
        }),
        read: countOf('finance', 'payment'),
        expect: {
          ...hqOnly(),
          FINANCE_CLERK: [E.done, E.done],
          // net:P6 a dealer admin records on the lines it grants (two-tier); the matrix's dealers are granted none.
          ...dealerAdmins(NO_LINE, NO_LINE, NO_LINE, NO_LINE, E.FORBIDDEN, E.FORBIDDEN),
        },
      },
      // o2c: shipping is HQ's or the operator's of the shipment's warehouse (its own wh_hq, wh_east "in"; another
      // warehouse's shipment is outside its read scope); nobody else ships.
      shipShipment: {
        target: (o, fresh) => from(o === 'south' ? o2c.pickOut : o2c.pickIn, fresh),
        vars: (shipmentId, r) => ({
          input: { shipmentId, carrier: 'SF Express', trackingNumber: `SFMTX${ROLES.indexOf(r)}000` },
        }),
        read: rowOf('orders', 'shipment'),
        expect: { ...hqOnly(), WAREHOUSE_OPERATOR: [E.done, E.NOT_FOUND] },
      },
      // Receipts and returns: the dealer users of the shipment's (order's) own dealer; a parent reads its
      // sub-dealer's but may not act for it, a sub-dealer never sees its parent's.
      confirmReceipt: {
        target: (o, fresh) => from(o2c.shipped[o], fresh),
        vars: (shipmentId) => ({ input: { shipmentId, comment: 'matrix' } }),
        read: rowOf('orders', 'shipment'),
        expect: {
          ...hqOnly(E.FORBIDDEN),
          ...dealerAdmins(E.done, E.FORBIDDEN, E.done, E.NOT_FOUND, E.done, E.NOT_FOUND),
        },
      },
      requestReturn: {
        target: (o, fresh) => from(o2c.delivered[o], fresh),
        vars: (shipmentId, r) => ({ input: returnInput(shipmentId, `mtx-return-${ROLES.indexOf(r)}`) }),
        read: countOf('orders', 'return_request'),
        expect: {
          ...hqOnly(E.FORBIDDEN),
          ...dealerAdmins(E.done, E.FORBIDDEN, E.done, E.NOT_FOUND, E.done, E.NOT_FOUND),
        },
      },
      reviewReturn: {
        target: (o, fresh) => from(o2c.requested[o], fresh),
        vars: (returnId) => ({ input: { returnId, decision: 'REJECT', comment: 'matrix' } }),
        read: rowOf('orders', 'return_request'),
        expect: hqOnly(),
      },
      // Received by HQ or the operator of the return's target warehouse (wh_east "in", wh_south "out").
      receiveReturn: {
        target: (o, fresh) => from(o === 'south' ? o2c.approvedOut : o2c.approvedIn, fresh),
        vars: (returnId) => {
          const l = sqlRow(t, 'orders', 'select id from return_line where return_id = ?', returnId)!;
          return { input: { returnId, lines: [{ returnLineId: l.id, quantity: 1, disposition: 'SELLABLE' }] } };
        },
        read: rowOf('orders', 'return_request'),
        expect: { ...hqOnly(), WAREHOUSE_OPERATOR: [E.done, E.NOT_FOUND] },
      },
      // Finance back office: HQ and finance clerks (all dealers); nobody else.
      importBankStatement: {
        target: () => 'new',
        vars: (_t, r) => ({
          input: {
            fileName: `mtx-${ROLES.indexOf(r)}.csv`,
            bankAccount: '6222020000000000001',
            contentBase64: bankCsv([`2${ROLES.indexOf(r)}.${++paymentKeys}`], `mtx${ROLES.indexOf(r)}`),
          },
        }),
        read: countOf('finance', 'bank_import'),
        expect: { ...hqOnly(), FINANCE_CLERK: [E.done, E.done] },
      },
      matchBankStatementLine: {
        target: (_o, fresh) => from(o2c.matchLines, fresh),
        vars: (lineId) => ({ input: { lineId, dealerId: dealer.nj.id } }),
        read: rowOf('finance', 'bank_statement_line'),
        expect: { ...hqOnly(), FINANCE_CLERK: [E.done, E.done] },
      },
      ignoreBankStatementLine: {
        target: (_o, fresh) => from(o2c.ignoreLines, fresh),
        vars: (id) => ({ id, reason: 'matrix' }),
        read: rowOf('finance', 'bank_statement_line'),
        expect: { ...hqOnly(), FINANCE_CLERK: [E.done, E.done] },
      },
      unignoreBankStatementLine: {
        target: (_o, fresh) => from(o2c.unignoreLines, fresh),
        vars: (id) => ({ id, reason: 'matrix' }),
        read: rowOf('finance', 'bank_statement_line'),
        expect: { ...hqOnly(), FINANCE_CLERK: [E.done, E.done] },
      },
      runStatements: {
        target: (_o, fresh) => from(statementPeriods, fresh),
        vars: (period) => ({ period }),
        read: (period) => sqlRow(t, 'finance', 'select * from finance_period where period = ?', period) ?? null,
        expect: { ...hqOnly(), FINANCE_CLERK: [E.done, E.done] },
      },
      respondToStatementDispute: {
        target: (o, fresh) => from(o2c.disputed[o], fresh),
        vars: (id) => ({ id, comment: 'matrix' }),
        read: rowOf('finance', 'statement'),
        expect: { ...hqOnly(), FINANCE_CLERK: [E.done, E.done] },
      },
      // Statements: the dealer admin of the statement's own dealer; a sub-dealer's is FORBIDDEN, another's NOT_FOUND.
      confirmStatement: {
        target: (o, fresh) => from(o2c.confirmable[o], fresh),
        vars: (id) => ({ id, comment: 'matrix' }),
        read: rowOf('finance', 'statement'),
        expect: {
          ...hqOnly(E.FORBIDDEN),
          ...dealerAdmins(E.done, E.FORBIDDEN, E.done, E.NOT_FOUND, E.FORBIDDEN, E.FORBIDDEN),
        },
      },
      disputeStatement: {
        target: (o, fresh) => from(o2c.disputable[o], fresh),
        vars: (id) => ({ id, comment: 'matrix' }),
        read: rowOf('finance', 'statement'),
        expect: {
          ...hqOnly(E.FORBIDDEN),
          ...dealerAdmins(E.done, E.FORBIDDEN, E.done, E.NOT_FOUND, E.FORBIDDEN, E.FORBIDDEN),
        },
      },
      scanCode: {
        // Codes are held by regional dealers and agents of the demo network: nj's and its parent js's (scanned
        // in Nanjing, inside both).
        target: (o, fresh) => from(o === 'nj' ? njCodes : codes[o], fresh),
        vars: (code) => ({ input: { code, action: 'SCAN', regionId: 'reg_js_nj' } }),
        sides: {
          ...Object.fromEntries(ROLES.map((r) => [r, { in: 'nj', out: 'js' }])),
          'DEALER_ADMIN js (parent)': { in: 'js', out: 'nj' },
        } as never,
        read: () => sqlRow(t, 'traceability', 'select count(*) as n from trace_event'),
        expect: {
          ...hqOnly(),
          ...dealerAdmins(E.done, 'refused:NOT_FOUND', E.done, 'refused:NOT_FOUND', E.done, 'refused:NOT_FOUND'),
        },
      },
      // net:P4 users: each allowed call invites a new user of the owner's dealer, or changes the owner's spare user
      // (a copy of its dealer's admin: the reset drops its password, the role change makes it staff).
      inviteUser: {
        target: (o) => dealer[o].id,
        vars: (dealerId) => ({
          input: { username: `mtx_inv_${++invited}`, displayName: 'matrix', role: 'DEALER_STAFF', dealerId },
        }),
        read: countOf('dealers', 'app_user'),
        expect: userAdmin(),
      },
      resetUserPassword: {
        target: (o) => spareUsers[o],
        vars: (id) => ({ id }),
        read: rowOf('dealers', 'app_user'),
        expect: userAdmin(),
      },
      setUserRole: {
        target: (o) => spareUsers[o],
        vars: (id) => ({ input: { id, role: 'DEALER_STAFF' } }),
        read: rowOf('dealers', 'app_user'),
        expect: userAdmin(),
      },
      // net:P3 dealer lifecycle (§4, §7.3): HQ everywhere, managers suspend, reinstate and review in their
      // region; dealers renew their own licences and acknowledge their own alerts.
      changeDealerStatus: {
        target: (o) => lifecycle.status[o === 'south' ? 'south' : 'east'],
        vars: (dealerId) => ({
          input: {
            dealerId,
            status:
              sqlRow(t, 'dealers', 'select status from dealer where id = ?', dealerId)!.status === 'ACTIVE'
                ? 'SUSPENDED'
                : 'ACTIVE',
            reason: 'matrix',
          },
        }),
        read: rowOf('dealers', 'dealer'),
        expect: { ...hqOnly(), REGION_MANAGER: [E.done, E.NOT_FOUND] },
      },
      setDealerParent: {
        target: () => lifecycle.moving,
        vars: (dealerId) => ({
          input: {
            dealerId,
            parentId:
              sqlRow(t, 'dealers', 'select parent_id from dealer where id = ?', dealerId)!.parent_id === dealer.south.id
                ? dealer.east.id
                : dealer.south.id,
            reason: 'matrix',
          },
        }),
        read: rowOf('dealers', 'dealer'),
        expect: hqOnly(),
      },
      reviewDealerApplication: {
        target: (o, fresh) => from(lifecycle.applications[o === 'south' ? 'south' : 'east'], fresh),
        vars: (id) => ({
          input: {
            id,
            expectedVersion: Number(
              sqlRow(t, 'dealers', 'select version from dealer_application where id = ?', id)!.version,
            ),
            decision: 'REJECT',
            comment: 'matrix',
          },
        }),
        read: rowOf('dealers', 'dealer_application'),
        expect: { ...hqOnly(), REGION_MANAGER: [E.done, E.NOT_FOUND] },
      },
      reviewQualification: {
        target: (o, fresh) => from(lifecycle.renewals[o === 'south' ? 'south' : 'east'], fresh),
        vars: (id) => ({ input: { id, decision: 'REJECT', comment: 'matrix' } }),
        read: rowOf('dealers', 'qualification'),
        expect: { ...hqOnly(), REGION_MANAGER: [E.done, E.NOT_FOUND] },
      },
      submitQualificationRenewal: {
        target: (o, fresh) => from(lifecycle.licences[o], fresh),
        vars: (qualificationId, r) => ({
          input: {
            ...{ qualificationId, number: `MTX-${ROLES.indexOf(r)}`, issuer: 'matrix', validUntil: '2040-12-31' },
            uploadId: ownUpload(t, lifecycle.uploads.shift()!, USER_OF[r]),
          },
        }),
        read: countOf('dealers', 'qualification'),
        // A parent neither finds nor renews its sub-dealer's licences.
        expect: { ...hqOnly(), ...dealerAdmins(E.done, E.NOT_FOUND, E.done, E.NOT_FOUND, E.done, E.NOT_FOUND) },
      },
      acknowledgeQualificationAlert: {
        target: (o, fresh) => from(lifecycle.alerts[o], fresh),
        vars: (id) => ({ id }),
        read: rowOf('dealers', 'qualification_alert'),
        // Qualification alerts are listed to the licence's own dealer: a parent does not see its sub-dealer's.
        expect: { ...ack(), ...dealerAdmins(E.done, E.NOT_FOUND, E.done, E.NOT_FOUND, E.FORBIDDEN, E.FORBIDDEN) },
      },
      runGradeEvaluation: {
        target: (_o, fresh) => from(gradePeriods, fresh),
        vars: (period) => ({ period }),
        read: countOf('dealers', 'grade_evaluation'),
        expect: hqOnly(),
      },
      decideGradeProposal: {
        target: (o, fresh) => from(lifecycle.proposals[o], fresh),
        vars: (id) => ({ input: { id, decision: 'REJECT', comment: 'matrix' } }),
        read: rowOf('dealers', 'grade_proposal'),
        expect: hqOnly(),
      },
      // R5 exports (kit export job): the report's filters are checked in the caller's scope, as its query.
      startInventoryReportExport: {
        sides: REGION_SIDES,
        target: (o) => (o === 'south' ? 'wh_south' : 'wh_east'),
        vars: (warehouseId) => ({
          input: {
            report: 'inventoryReport',
            filters: JSON.stringify({ warehouseId, from: '2026-11-01', to: '2026-11-30' }),
            format: 'CSV',
          },
        }),
        read: countOf('inventory', 'export_job'),
        expect: {
          ...hqOnly(),
          REGION_MANAGER: [E.done, 'refused:FILTERS_INVALID'],
          WAREHOUSE_OPERATOR: [E.done, 'refused:FILTERS_INVALID'],
        },
      },
      // Sell-through is read in the caller's scope: a filter naming another owner's dealer exports an empty file.
      startTraceabilityReportExport: {
        target: (o) => dealerOf(o),
        vars: (dealerId) => ({
          input: {
            report: 'sellThroughReport',
            filters: JSON.stringify({ dealerId, from: '2026-11-01', to: '2026-11-30', granularity: 'MONTH' }),
            format: 'CSV',
          },
        }),
        read: countOf('traceability', 'export_job'),
        expect: {
          ...hqOnly(),
          REGION_MANAGER: [E.done, E.done],
          ...dealerAdmins(E.done, E.done, E.done, E.done, E.done, E.done),
        },
      },
      // The receivables trend names no owner: each caller exports the month ends of its own scope.
      startFinanceReportExport: {
        target: () => 'new',
        vars: () => ({
          input: {
            report: 'receivablesReport',
            filters: JSON.stringify({ from: '2026-10', to: '2026-11' }),
            format: 'XLSX',
          },
        }),
        read: countOf('finance', 'export_job'),
        expect: {
          ...hqOnly(),
          REGION_MANAGER: [E.done, E.done],
          ...dealerAdmins(E.done, E.done, E.done, E.done, E.done, E.done),
          FINANCE_CLERK: [E.done, E.done],
        },
      },
      // R6b: sales are read in the caller's scope, as `salesReport`: another owner's dealer exports an empty file.
      startOrdersReportExport: {
        target: (o) => dealerOf(o),
        vars: (dealerId) => ({
          input: {
            report: 'salesReport',
            filters: JSON.stringify({
              dimension: 'DEALER',
              granularity: 'MONTH',
              from: '2026-11-01',
              to: '2026-11-30',
              dealerId,
            }),
            format: 'XLSX',
          },
        }),
        read: countOf('orders', 'export_job'),
        expect: {
          ...hqOnly(),
          REGION_MANAGER: [E.done, E.done],
          ...dealerAdmins(E.done, E.done, E.done, E.done, E.FORBIDDEN, E.FORBIDDEN),
        },
      },
    };
    // Anonymous by design: they create the session (login is audited, and limited per name and IP).
    const ANONYMOUS_BY_DESIGN = new Set(['login', 'refreshToken']);
    // net:P4 users: accepting an invitation creates the session too (the link is the credential).
    ANONYMOUS_BY_DESIGN.add('acceptInvitation');
    // net:P3 applying to join: anyone (throttled per IP); it answers only the application number.
    ANONYMOUS_BY_DESIGN.add('submitDealerApplication');

    const mutationType = schema.get(roots.mutation)!;
    const publicMutations = mutationType
      .fields!.map((f) => f.name)
      .filter((n) => !ANONYMOUS_BY_DESIGN.has(n))
      .sort();
    const missing = publicMutations.filter((m) => !MATRIX[m]);
    expect(missing, 'every public mutation needs a row in MATRIX').toEqual([]);
    expect(
      Object.keys(MATRIX).filter((m) => !publicMutations.includes(m)),
      'rows for mutations the API no longer has',
    ).toEqual([]);

    const auditCount = async () =>
      (await hq('{ auditLog(first: 0) { totalCount } }')).data.auditLog.totalCount as number;
    const newestAudit = async (n: number) =>
      (
        await hq('query($n: Int!) { auditLog(first: $n) { edges { node { operation actorId entityId } } } }', { n })
      ).data.auditLog.edges.map((e: any) => e.node);
    const documentOf = (name: string) => {
      const f = mutationType.fields!.find((x) => x.name === name)!;
      const ret = schema.get(named(f.type))!;
      const sel =
        ret.kind === 'SCALAR'
          ? ''
          : ret.fields!.some((x) => x.name === 'errors')
            ? '{ __typename errors { code } }'
            : '{ __typename }';
      const params = f.args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
      const args = f.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      return `mutation(${params}) { ${name}(${args}) ${sel} }`;
    };
    const outcomeOf = (name: string, res: GqlResponse) => {
      if (res.errors?.length) return res.errors[0]!.extensions?.code ?? 'ERROR';
      const p = res.data?.[name];
      if (p && typeof p === 'object' && Array.isArray(p.errors) && p.errors.length)
        return `refused:${p.errors[0].code}`;
      return 'done';
    };

    const printed: Record<string, string>[] = [];
    const failures: string[] = [];
    for (const name of publicMutations) {
      const row = MATRIX[name]!;
      const sides = row.sides ?? DEFAULT_SIDES;
      // Refused cells first: they must leave their object as it was, for the allowed cells after them.
      const cells = ROLES.flatMap((role) =>
        (['in', 'out'] as const).map((side) => ({ role, side, expected: row.expect[role][side === 'in' ? 0 : 1] })),
      );
      cells.sort((a, b) => Number(a.expected === E.done) - Number(b.expected === E.done));
      const line: Record<string, string> = { mutation: name };
      const started = performance.now();
      for (const { role, side, expected } of cells) {
        const owner = sides[role][side];
        const target = owner ? row.target(owner, expected === E.done, role) : null;
        const short = role.replace('DEALER_ADMIN ', 'DA ').replace('DEALER_STAFF ', 'DS ').replace('PARTNER ', 'P ');
        const cell = `${short}/${side}`;
        if (expected === E.NA || owner == null || target == null) {
          line[cell] = 'n/a';
          // A side the row defines (an owner) must have its object; a side without one has nothing to try.
          if (expected !== E.NA && owner != null) failures.push(`${name} ${role} ${side}: no fixture`);
          continue;
        }
        const before = JSON.stringify(row.read(target));
        const auditBefore = await auditCount();
        const res = await as(role)(documentOf(name), row.vars(target, role));
        const got = outcomeOf(name, res);
        const after = JSON.stringify(row.read(target));
        const audits = (await auditCount()) - auditBefore;
        line[cell] = got;
        if (got !== expected) failures.push(`${name} ${role} ${side}: expected ${expected}, got ${got}`);
        if (got === E.done) {
          const newest = await newestAudit(Math.max(1, Math.min(audits, 20)));
          if (!newest.some((a: any) => a.operation === name))
            failures.push(
              `${name} ${role} ${side}: allowed but no audit entry (${audits} new: ` +
                `${newest.map((a: any) => a.operation).join(',')})`,
            );
          if (before === after && name !== 'logout')
            failures.push(`${name} ${role} ${side}: allowed but nothing changed`);
        } else {
          if (before !== after)
            failures.push(`${name} ${role} ${side}: refused (${got}) but the object changed: ${before} → ${after}`);
          if (audits !== 0)
            failures.push(`${name} ${role} ${side}: refused (${got}) but ${audits} audit entries were written`);
        }
      }
      line.ms = String(Math.round(performance.now() - started));
      printed.push(line);
    }
    console.table(printed);
    expect(failures).toEqual([]);
  }, 900_000);

  it('a warehouse operator changes nothing, not even the stock and alerts of its own warehouses', async () => {
    const level = sqlRow(t, 'inventory', "select * from stock_level where warehouse_id = 'wh_hq' order by id limit 1")!;
    const alert = await waitUntil('an open inventory alert in wh_hq or wh_east', () =>
      sqlRow(
        t,
        'inventory',
        "select * from inventory_alert where warehouse_id in ('wh_hq', 'wh_east') and acknowledged_at is null " +
          'order by id limit 1',
      ),
    );
    const operator = as('WAREHOUSE_OPERATOR');
    // It reads both (they are in its warehouses)…
    const read = await operator('query($id: ID!) { stockLevel(id: $id) { id onHand } }', { id: level.id });
    expect(read.data.stockLevel).toMatchObject({ id: level.id, onHand: level.on_hand });
    const auditBefore = (await hq('{ auditLog(first: 0) { totalCount } }')).data.auditLog.totalCount;
    // …and may change neither.
    const adjust = await operator('mutation($i: AdjustStockInput!) { adjustStock(input: $i) { errors { code } } }', {
      i: { warehouseId: 'wh_hq', productId: level.product_id, delta: 5, reason: 'RECEIPT', note: 'operator' },
    });
    expect(adjust.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ack = await operator('mutation($id: ID!) { acknowledgeInventoryAlert(id: $id) { id } }', { id: alert.id });
    expect(ack.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(sqlRow(t, 'inventory', 'select * from stock_level where id = ?', level.id as string)).toEqual(level);
    expect(sqlRow(t, 'inventory', 'select * from inventory_alert where id = ?', alert.id as string)).toEqual(alert);
    expect((await hq('{ auditLog(first: 0) { totalCount } }')).data.auditLog.totalCount).toBe(auditBefore);
  }, 200_000);
});
