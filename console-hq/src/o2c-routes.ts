import type { RouteRecordRaw } from 'vue-router';

/** The order-to-cash pages: the warehouse queue and shipments, the finance pages and the returns queue. */
export const o2cRoutes: RouteRecordRaw[] = [
  {
    path: '/warehouse',
    name: 'warehouse',
    component: () => import('@/pages/WarehouseQueuePage.vue'),
    meta: { title: 'o2c.nav.warehouse' },
  },
  {
    path: '/warehouse/shipments/:id',
    name: 'shipment',
    component: () => import('@/pages/ShipmentPage.vue'),
    props: true,
    meta: { title: 'o2c.nav.warehouse' },
  },
  {
    path: '/warehouse/shipments/:id/packing-slip',
    name: 'packing-slip',
    component: () => import('@/pages/PackingSlipPage.vue'),
    props: true,
    meta: { title: 'o2c.shipment.packingSlip' },
  },
  {
    path: '/finance/invoices',
    name: 'invoices',
    component: () => import('@/pages/InvoicesPage.vue'),
    meta: { title: 'o2c.nav.invoices' },
  },
  {
    path: '/finance/invoices/:id',
    name: 'invoice',
    component: () => import('@/pages/InvoicePage.vue'),
    props: true,
    meta: { title: 'o2c.nav.invoices' },
  },
  {
    path: '/finance/payments',
    name: 'payments',
    component: () => import('@/pages/PaymentsPage.vue'),
    meta: { title: 'o2c.nav.payments' },
  },
  {
    path: '/finance/statements',
    name: 'statements',
    component: () => import('@/pages/StatementsPage.vue'),
    meta: { title: 'o2c.nav.statements' },
  },
  {
    path: '/finance/statements/:dealerId/:period',
    name: 'statement',
    component: () => import('@/pages/StatementPage.vue'),
    props: true,
    meta: { title: 'o2c.nav.statements' },
  },
  {
    path: '/finance/bank-lines',
    name: 'bank-lines',
    component: () => import('@/pages/BankLinesPage.vue'),
    meta: { title: 'o2c.nav.bankLines' },
  },
  {
    path: '/finance/bank-imports',
    name: 'bank-imports',
    component: () => import('@/pages/BankImportsPage.vue'),
    meta: { title: 'o2c.nav.bankImports' },
  },
  {
    path: '/finance/aging',
    name: 'aging',
    component: () => import('@/pages/AgingPage.vue'),
    meta: { title: 'o2c.nav.aging' },
  },
  {
    path: '/returns',
    name: 'returns',
    component: () => import('@/pages/ReturnsPage.vue'),
    meta: { title: 'returns.nav' },
  },
  {
    path: '/returns/:id',
    name: 'return',
    component: () => import('@/pages/ReturnPage.vue'),
    props: true,
    meta: { title: 'returns.nav' },
  },
];
