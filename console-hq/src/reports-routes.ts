import type { RouteRecordRaw } from 'vue-router';

/**
 * The reports pages (docs/design/network-administration.md §17): the distribution flow, sell-in and
 * sell-through per level and month. Open to HQ and region managers (lib/access.ts: the API answers
 * a manager its own region's flow only).
 */
export const reportsRoutes: RouteRecordRaw[] = [
  {
    path: '/reports/distribution',
    name: 'reports-distribution',
    component: () => import('@/pages/reports/DistributionPage.vue'),
    meta: { title: 'reports.nav.distribution' },
  },
];
