import type { RouteRecordRaw } from 'vue-router';

/**
 * The reports pages (docs/design/network-administration.md §17): the distribution flow, sell-in and
 * sell-through per level and month; and (rebates-reports §11) sales, dealer ranking, inventory, retail
 * sell-through and receivables over the reporting aggregates. Open to HQ and region managers (lib/access.ts:
 * the API answers a manager its own region's rows only).
 */
export const reportsRoutes: RouteRecordRaw[] = [
  {
    path: '/reports/distribution',
    name: 'reports-distribution',
    component: () => import('@/pages/reports/DistributionPage.vue'),
    meta: { title: 'reports.nav.distribution' },
  },
  // rebates-reports §11: reports over the aggregates, each a chart, a table and an export.
  {
    path: '/reports/sales',
    name: 'reports-sales',
    component: () => import('@/pages/reports/SalesReportPage.vue'),
    meta: { title: 'reports.nav.sales' },
  },
  {
    path: '/reports/dealer-ranking',
    name: 'reports-ranking',
    component: () => import('@/pages/reports/DealerRankingPage.vue'),
    meta: { title: 'reports.nav.ranking' },
  },
  {
    path: '/reports/inventory',
    name: 'reports-inventory',
    component: () => import('@/pages/reports/InventoryReportPage.vue'),
    meta: { title: 'reports.nav.inventory' },
  },
  {
    path: '/reports/sell-through',
    name: 'reports-sell-through',
    component: () => import('@/pages/reports/SellThroughPage.vue'),
    meta: { title: 'reports.nav.sellThrough' },
  },
  {
    path: '/reports/receivables',
    name: 'reports-receivables',
    component: () => import('@/pages/reports/ReceivablesReportPage.vue'),
    meta: { title: 'reports.nav.receivables' },
  },
];
