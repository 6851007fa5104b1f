import 'reflect-metadata';
const root = '/work/main';
const { startMariaDb } = await import(`${root}/packages/testing/dist/index.js`);
const kit = await import(`${root}/packages/subgraph-kit/dist/index.js`);
const { pricingSubgraph } = await import(`${root}/subgraphs/pricing/dist/subgraph.js`);
const { PriceListService } = await import(`${root}/subgraphs/pricing/dist/services/price-list.service.js`);
const { quote } = await import(`${root}/subgraphs/pricing/dist/services/quote.service.js`);
const { pino } = await import(`${root}/node_modules/.pnpm/node_modules/pino/pino.js`).catch(() => import('pino'));
const db = await startMariaDb({ logDir: '/tmp/pricing-maria' });
try {
  db.sql('create database pricing');
  const log = pino({ level: 'silent' });
  const counter = new kit.QueryCounter();
  const orm = await kit.openDatabase({ config: { DB_CLIENT: 'mariadb', DB_URL: db.url('pricing'), DB_POOL_MAX: 2, LOG_LEVEL: 'silent' }, entities: pricingSubgraph.entities, migrations: pricingSubgraph.migrations, log, counter });
  await pricingSubgraph.seed(orm.em.fork(), log);
  const ctx = (v) => new kit.RequestContext(v, orm.em.fork(), log, 'x', pricingSubgraph.createLoaders);
  const south = { userId: 'm', role: 'REGION_MANAGER', regionId: 'reg_south', regionPath: ['reg_cn', 'reg_south'] };
  const svc = new PriceListService();
  const c = ctx(south);
  const page = await svc.list(c, { first: 100 });
  console.log('south manager lists', page.totalCount, page.edges.map((e) => e.node.id).join(','));
  const list = await svc.findOne(c, 'pl_grade_a');
  const e1 = await svc.entries(c, list, { first: 3 });
  const e2 = await svc.entries(ctx(south), list, { first: 3, after: e1.pageInfo.endCursor });
  console.log('entries', e1.totalCount, e1.edges.map((e) => `${e.node.productId}:${e.node.minQuantity}:${e.node.unitPriceMinor}`), e2.edges.map((e) => `${e.node.productId}:${e.node.minQuantity}`));
  const dealer = { userId: 'd', role: 'DEALER_ADMIN', dealerId: 'dlr_0029', dealerGrade: 'A', regionId: 'reg_gd_sz', regionPath: ['reg_cn', 'reg_south', 'reg_gd', 'reg_gd_sz'] };
  const q = await quote(ctx(dealer), { lines: [{ productId: 'prd_00001', quantity: 60 }, { productId: 'prd_00002', quantity: 1 }] });
  console.log('quote', q.total.amount, q.lines.map((l) => `${l.priceListId}:${l.unitPrice.amount}`));
  await orm.close();
} finally {
  await db.stop();
}
