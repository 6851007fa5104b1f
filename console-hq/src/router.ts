import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { canOpen, homeRoute } from '@/lib/access';
import { o2cRoutes } from '@/o2c-routes';
import { networkRoutes } from '@/network-routes';
import { networkAdminRoutes } from '@/network-admin-routes';
import { reportsRoutes } from '@/reports-routes';
import { rebatesRoutes } from '@/rebates-routes';
import { session } from '@/lib/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (the login page). */
    public?: boolean;
    /** i18n key of the page title. */
    title?: string;
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/pages/LoginPage.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/',
    name: 'dashboard',
    component: () => import('@/pages/DashboardPage.vue'),
    meta: { title: 'nav.dashboard' },
  },
  { path: '/stock', name: 'stock', component: () => import('@/pages/StockPage.vue'), meta: { title: 'nav.stock' } },
  {
    path: '/dealers',
    name: 'dealers',
    component: () => import('@/pages/DealersPage.vue'),
    meta: { title: 'nav.dealers' },
  },
  {
    path: '/dealers/:id',
    name: 'dealer',
    component: () => import('@/pages/DealerProfilePage.vue'),
    props: true,
    meta: { title: 'nav.dealers' },
  },
  {
    path: '/reviews',
    name: 'reviews',
    component: () => import('@/pages/ReviewQueuePage.vue'),
    meta: { title: 'nav.reviews' },
  },
  {
    path: '/reviews/:id',
    name: 'review',
    component: () => import('@/pages/ReviewDetailPage.vue'),
    props: true,
    meta: { title: 'nav.reviews' },
  },
  {
    path: '/pricing/price-lists',
    name: 'price-lists',
    component: () => import('@/pages/PriceListsPage.vue'),
    meta: { title: 'nav.priceLists' },
  },
  {
    path: '/pricing/price-lists/:id',
    name: 'price-list',
    component: () => import('@/pages/PriceListPage.vue'),
    props: true,
    meta: { title: 'nav.priceLists' },
  },
  {
    path: '/pricing/promotions',
    name: 'promotions',
    component: () => import('@/pages/PromotionsPage.vue'),
    meta: { title: 'nav.promotions' },
  },
  {
    path: '/pricing/promotions/:id',
    name: 'promotion',
    component: () => import('@/pages/PromotionPage.vue'),
    props: true,
    meta: { title: 'nav.promotions' },
  },
  { path: '/audit', name: 'audit', component: () => import('@/pages/AuditLogPage.vue'), meta: { title: 'nav.audit' } },
  {
    path: '/partner-keys',
    name: 'partner-keys',
    component: () => import('@/pages/PartnerKeysPage.vue'),
    meta: { title: 'nav.partnerKeys' },
  },
  ...o2cRoutes,
  ...networkRoutes,
  ...networkAdminRoutes,
  ...reportsRoutes,
  ...rebatesRoutes,
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/pages/NotFoundPage.vue'),
    meta: { title: 'notFound.title' },
  },
];

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach((to) => {
  const signedIn = session.value !== null;
  if (!to.meta.public && !signedIn) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  const role = session.value?.user.role;
  if (to.name === 'login' && signedIn) return { name: homeRoute(role) };
  // Pages the role may not use (HQ-only pages for a region manager; all but stock for a warehouse
  // operator, all but dealers for a finance clerk): back to its home page (the API would refuse anyway).
  if (signedIn && !canOpen(role, to.name)) return { name: homeRoute(role) };
  return true;
});
