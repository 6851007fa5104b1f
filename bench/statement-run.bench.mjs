#!/usr/bin/env node
// Month-end statement run benchmark (issue 14). Boots the seeded platform on a fresh MariaDB (one
// database per subgraph), then writes a deterministic history straight into the finance
// database (timed apart): `dealers` dealers (the seeded accounts plus generated ones) with, per
// month, 6–10 invoices, 4–6 payments and a credit note every other month, over the `months`
// months that end two months before the current one (the month-end job closes the last month at
// start-up). It then runs the month-ends in order with the `runStatements` mutation through the
// gateway as fin_clerk (the same `runStatementsOf` the month-end job calls), checks every
// statement (closing = opening + invoices − payments − credit notes, each total = its documents,
// closing(m) = opening(m + 1), a statement for every dealer with documents or a balance) and
// renders 10 statement PDFs. Prints per month statements, documents and seconds, the total, the
// finance process's peak RSS and CPU ms per statement per process.
//   node bench/statement-run.bench.mjs [dealers=1000] [months=12]
import { cpus } from 'node:os';
import {
  bootBenchPlatform,
  calibrationMs,
  cpuMeter,
  machineLoad,
  mariadbClient,
  printTable,
  sampleRss,
} from './support.mjs';

const dealerCount = Math.min(Number(process.argv[2] ?? 1000), 10_000);
const monthCount = Math.min(Number(process.argv[3] ?? 12), 36);
const BATCH = 1_000;
const PDFS = 10;
const RUN = 'mutation($p: YearMonth!) { runStatements(period: $p) { issued alreadyClosed errors { code } } }';
const PDF = 'query($p: YearMonth!, $d: ID!) { statement(period: $p, dealerId: $d) { pdf { byteSize } } }';

/** A deterministic pseudo-random generator (mulberry32): the same history on every run. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` months (`YYYY-MM`) in order, the last one two months before `today`'s month. */
function historyMonths(today, count) {
  const [y, m] = today.split('-').map(Number);
  const months = [];
  for (let back = count + 1; back >= 2; back--) {
    const d = new Date(Date.UTC(y, m - 1 - back, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

const q = (v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

/**
 * Bulk inserts into a finance table: the columns given, and a neutral value for every other
 * NOT NULL column without a default (read from information_schema), so the bench follows the
 * migrations instead of copying them.
 */
function tableWriter(db, table) {
  const required = db
    .rows(
      'select column_name, data_type, column_type from information_schema.columns where table_schema = database() ' +
        `and table_name = '${table}' and is_nullable = 'NO' and column_default is null`,
    )
    .map(([name, type, columnType]) => {
      if (type === 'enum') return [name, /'([^']*)'/.exec(columnType)[1]];
      if (/char|text/.test(type)) return [name, '-'];
      if (/date|time/.test(type)) return [name, '2026-01-01 00:00:00'];
      return [name, 0];
    });
  const known = new Set(
    db
      .rows(
        'select column_name from information_schema.columns where table_schema = database() ' +
          `and table_name = '${table}'`,
      )
      .flat(),
  );
  let pending = [];
  let written = 0;
  const flush = () => {
    if (pending.length === 0) return;
    // A column this version of the schema lacks is left out (dates the entity keeps twice, say).
    const cols = [...new Set([...required.map(([n]) => n), ...Object.keys(pending[0])])].filter((c) => known.has(c));
    const filler = Object.fromEntries(required);
    const values = pending.map((r) => `(${cols.map((c) => q(c in r ? r[c] : filler[c])).join(',')})`);
    db.script(`insert into \`${table}\` (${cols.map((c) => `\`${c}\``).join(',')}) values ${values.join(',\n')};`);
    written += pending.length;
    pending = [];
  };
  return {
    add(row) {
      pending.push(row);
      if (pending.length >= BATCH) flush();
    },
    done() {
      flush();
      return written;
    },
  };
}

/** The dealers of the history: the seeded accounts, then generated ones (accounts written) up to `dealerCount`. */
function historyDealers(db) {
  const seeded = db.rows('select dealer_id, dealer_region_path from credit_account order by dealer_id');
  const accounts = tableWriter(db, 'credit_account');
  const dealers = seeded.slice(0, dealerCount).map(([id, path]) => ({ id, path }));
  for (let i = dealers.length; i < dealerCount; i++) {
    const { path } = dealers[i % Math.max(1, seeded.length)] ?? { path: '/reg_cn/' };
    const id = `dlr_bench${String(i).padStart(5, '0')}`;
    dealers.push({ id, path });
    accounts.add({
      id: `cra_bench${String(i).padStart(5, '0')}`,
      dealer_id: id,
      dealer_region_path: path,
      currency: 'CNY',
    });
  }
  return { dealers, accounts: accounts.done() };
}

/** Writes the accounts and documents of the history; answers the dealers and the rows written per table. */
function generateHistory(db, months) {
  const rand = random(20261207);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const { dealers, accounts } = historyDealers(db);
  const invoices = tableWriter(db, 'invoice');
  const payments = tableWriter(db, 'payment');
  const notes = tableWriter(db, 'credit_note');
  // Numbers far above what the seed and a live run take, so the counters never meet them.
  let seq = 1_000_000;
  for (const [mi, period] of months.entries()) {
    const year = Number(period.slice(0, 4));
    const day = () => `${period}-${String(int(1, 28)).padStart(2, '0')}`;
    /** A taxed document's common columns: number, amount with its 13 % VAT split, issue date. */
    const taxed = (prefix, numberPrefix, amount) => {
      const s = ++seq;
      const issuedOn = day();
      const net = Math.round(amount / 1.13);
      return {
        id: `${prefix}_bench${s}`,
        number: `${numberPrefix}-${year}-${s}`,
        year,
        seq: s,
        amount_minor: amount,
        net_minor: net,
        tax_minor: amount - net,
        issued_on: issuedOn,
        issued_at: `${issuedOn} 10:00:00`,
      };
    };
    for (const [di, d] of dealers.entries()) {
      const base = { dealer_id: d.id, dealer_region_path: d.path, currency: 'CNY', period };
      for (let k = int(6, 10); k > 0; k--) {
        const doc = taxed('inv', 'INV', int(10_000, 2_000_000));
        invoices.add({ ...base, ...doc, outstanding_minor: 0, due_date: doc.issued_on, due_at: doc.issued_at });
      }
      for (let k = int(4, 6); k > 0; k--) {
        const [s, receivedOn] = [++seq, day()];
        payments.add({
          ...base,
          id: `pay_bench${s}`,
          idempotency_key: `bench-${s}`,
          reference: `BANK${s}`,
          method: 'BANK_TRANSFER',
          amount_minor: int(10_000, 3_000_000),
          received_on: receivedOn,
          received_at: `${receivedOn} 10:00:00`,
          recorded_at: `${receivedOn} 10:00:00`,
        });
      }
      if ((mi + di) % 2 === 0) {
        const doc = taxed('crn', 'CN', int(1_000, 200_000));
        notes.add({ ...base, ...doc, kind: 'ADJUSTMENT', source_key: `bench-${doc.seq}` });
      }
    }
  }
  return { dealers, rows: { accounts, invoices: invoices.done(), payments: payments.done(), notes: notes.done() } };
}

/** Every check of the issued statements of `months`; answers the counts that must be 0. */
function check(db, months) {
  const inMonths = months.map(q).join(',');
  const one = (sql) => Number(db.rows(sql)[0][0]);
  const sums = (table) =>
    `(select dealer_id, period, sum(amount_minor) as t from ${table} where period in (${inMonths}) ` +
    'group by dealer_id, period)';
  const mismatch = (table, column) =>
    one(
      `select count(*) from statement s left join ${sums(table)} x on x.dealer_id = s.dealer_id and ` +
        `x.period = s.period where s.period in (${inMonths}) and s.${column} <> coalesce(x.t, 0)`,
    );
  return {
    'closing ≠ identity': one(
      `select count(*) from statement where period in (${inMonths}) and closing_minor <> ` +
        'opening_minor + invoices_minor - payments_minor - credit_notes_minor',
    ),
    'totals ≠ documents':
      mismatch('invoice', 'invoices_minor') +
      mismatch('payment', 'payments_minor') +
      mismatch('credit_note', 'credit_notes_minor'),
    'closing(m) ≠ opening(m+1)': months
      .slice(0, -1)
      .reduce(
        (n, m, i) =>
          n +
          one(
            `select count(*) from statement a left join statement b on b.dealer_id = a.dealer_id and ` +
              `b.period = '${months[i + 1]}' where a.period = '${m}' ` +
              'and a.closing_minor <> coalesce(b.opening_minor, 0)',
          ),
        0,
      ),
    'dealers with documents, no statement': one(
      `select count(*) from ${sums('invoice')} x left join statement s on s.dealer_id = x.dealer_id and ` +
        's.period = x.period where s.id is null',
    ),
  };
}

const bench = await bootBenchPlatform('statements');
const { gql, login, platform, mariadb } = bench;
try {
  const db = mariadbClient(mariadb, 'dnp_finance');
  const today = new Date().toISOString().slice(0, 7);
  const months = historyMonths(today, monthCount);
  const generateStarted = performance.now();
  const { dealers, rows } = generateHistory(db, months);
  const generateSeconds = (performance.now() - generateStarted) / 1000;
  console.log(
    `generated ${dealers.length} dealers (${rows.accounts} new accounts), ${rows.invoices} invoices, ` +
      `${rows.payments} payments, ${rows.notes} credit notes over ${months[0]}..${months.at(-1)} ` +
      `in ${generateSeconds.toFixed(1)} s (not timed below)`,
  );

  const documentsOf = new Map(
    db.rows(
      `select period, count(*) from (select period from invoice union all select period from payment ` +
        `union all select period from credit_note) d where period in (${months.map(q).join(',')}) group by period`,
    ),
  );
  const clerk = await login('fin_clerk');
  const calibration = calibrationMs();
  const financePid = platform.subgraphs.finance.process.child.pid;
  const financeRss = sampleRss(financePid);
  const mariadbRss = sampleRss(mariadb.process.child.pid);
  const cpu = cpuMeter(platform, { mariadb });
  cpu.start();
  const perMonth = [];
  const started = performance.now();
  for (const period of months) {
    const t0 = performance.now();
    const res = await gql(RUN, { p: period }, clerk);
    const secondsTaken = (performance.now() - t0) / 1000;
    const r = res.data?.runStatements;
    if (!r || r.errors.length || r.alreadyClosed) throw new Error(`runStatements ${period}: ${JSON.stringify(res)}`);
    perMonth.push({
      period,
      statements: r.issued,
      documents: Number(documentsOf.get(period) ?? 0),
      seconds: secondsTaken.toFixed(2),
      'statements/s': (r.issued / secondsTaken).toFixed(0),
    });
  }
  const runSeconds = (performance.now() - started) / 1000;
  const statements = perMonth.reduce((n, m) => n + m.statements, 0);
  const cpuRows = cpu.stop(statements, 'statement');
  const peakFinance = financeRss.stop();
  const peakMariadb = mariadbRss.stop();

  const pdfTimes = [];
  const pdfBytes = [];
  for (const d of dealers.slice(0, PDFS)) {
    const t0 = performance.now();
    const res = await gql(PDF, { p: months.at(-1), d: d.id }, clerk);
    pdfTimes.push(performance.now() - t0);
    if (!res.data?.statement?.pdf) throw new Error(`pdf of ${d.id}: ${JSON.stringify(res.errors)}`);
    pdfBytes.push(res.data.statement.pdf.byteSize);
  }

  printTable('Month-end runs (runStatements through the gateway, in order)', perMonth);
  printTable(`Statement run: MariaDB, ${cpus().length} CPUs, ${process.version}, ${machineLoad()} after the run`, [
    {
      dealers: dealers.length,
      'months of history': months.length,
      'rows (documents)': [...documentsOf.values()].reduce((n, c) => n + Number(c), 0),
      'run seconds': runSeconds.toFixed(1),
      statements,
      'statements/s': (statements / runSeconds).toFixed(0),
      'finance peak RSS MiB': peakFinance.toFixed(0),
      'MariaDB peak RSS MiB': peakMariadb.toFixed(0),
      'generate seconds': generateSeconds.toFixed(1),
      'calibration ms': calibration,
    },
  ]);
  console.log('(calibration: ms of a fixed CPU task before the runs, ~25 on a fast, quiet machine)');
  console.log('(calibration: ms of a fixed CPU task before the runs, ~25 on a fast, quiet machine)');
  printTable('Checks (each must be 0)', [check(db, months)]);
  printTable(`${PDFS} statement PDFs of ${months.at(-1)} (statement.pdf through the gateway)`, [
    {
      'ms each (mean)': (pdfTimes.reduce((a, b) => a + b, 0) / PDFS).toFixed(0),
      'ms max': Math.max(...pdfTimes).toFixed(0),
      'bytes (mean)': Math.round(pdfBytes.reduce((a, b) => a + b, 0) / PDFS),
    },
  ]);
  printTable('CPU per process during the runs', cpuRows);
} finally {
  await bench.stop();
}
