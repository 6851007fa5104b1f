import type { RouteRecordRaw } from 'vue-router';

/**
 * The rebate pages (docs/design/rebates-reports.md §6–§8): the policy list and editor with its
 * preview, and the settlements queue. Finance's REBATE_ADMINS grant (HQ admins, finance clerks)
 * answers them; lib/access.ts keeps region managers out.
 */
export const REBATE_ROUTES = ['rebate-policies', 'rebate-policy', 'rebate-settlements'] as const;

/** Price control (§10): minimum resale prices are HQ's to set; violations HQ and managers (their region) follow up. */
export const PRICE_CONTROL_HQ_ROUTES = ['minimum-prices'] as const;

/** The rebate and price-control pages. */
export const rebatesRoutes: RouteRecordRaw[] = [
  {
    path: '/rebates/policies',
    name: 'rebate-policies',
    component: () => import('@/pages/rebates/RebatePoliciesPage.vue'),
    meta: { title: 'rebates.nav.policies' },
  },
  {
    path: '/rebates/policies/:id',
    name: 'rebate-policy',
    component: () => import('@/pages/rebates/RebatePolicyPage.vue'),
    props: true,
    meta: { title: 'rebates.nav.policies' },
  },
  {
    path: '/rebates/settlements',
    name: 'rebate-settlements',
    component: () => import('@/pages/rebates/RebateSettlementsPage.vue'),
    meta: { title: 'rebates.nav.settlements' },
  },
  {
    path: '/price-control/violations',
    name: 'price-violations',
    component: () => import('@/pages/price-control/PriceViolationsPage.vue'),
    meta: { title: 'priceControl.nav.violations' },
  },
  {
    path: '/price-control/minimum-prices',
    name: 'minimum-prices',
    component: () => import('@/pages/price-control/MinimumPricesPage.vue'),
    meta: { title: 'priceControl.nav.minimumPrices' },
  },
];
