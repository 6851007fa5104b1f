import { createRouter, createWebHistory } from 'vue-router';
import { session } from '@/lib/session';
// The two landing pages are in the main bundle: opening them needs no second round of chunks
// before the first GraphQL request. The others load on first visit.
import CatalogPage from '@/pages/CatalogPage.vue';
import HomePage from '@/pages/HomePage.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/pages/LoginPage.vue'), meta: { public: true } },
    { path: '/', name: 'home', component: HomePage },
    { path: '/catalog', name: 'catalog', component: CatalogPage },
    { path: '/products/:id', name: 'product', component: () => import('@/pages/ProductPage.vue'), props: true },
    { path: '/orders', name: 'orders', component: () => import('@/pages/OrdersPage.vue') },
    { path: '/orders/:id', name: 'order', component: () => import('@/pages/OrderPage.vue'), props: true },
    { path: '/account', name: 'account', component: () => import('@/pages/AccountPage.vue') },
    { path: '/invoices', name: 'invoices', component: () => import('@/pages/InvoicesPage.vue') },
    { path: '/invoices/:id', name: 'invoice', component: () => import('@/pages/InvoicePage.vue'), props: true },
    { path: '/statements', name: 'statements', component: () => import('@/pages/StatementsPage.vue') },
    {
      path: '/statements/:period(\\d{4}-\\d{2})',
      name: 'statement',
      component: () => import('@/pages/StatementPage.vue'),
      props: true,
    },
    { path: '/returns', name: 'returns', component: () => import('@/pages/ReturnsPage.vue') },
    {
      path: '/returns/new',
      name: 'return-new',
      component: () => import('@/pages/ReturnNewPage.vue'),
      props: (route) => ({ orderId: String(route.query.orderId ?? '') }),
    },
    { path: '/cart', name: 'cart', component: () => import('@/pages/CartPage.vue') },
    { path: '/quick-order', name: 'quick-order', component: () => import('@/pages/QuickOrderPage.vue') },
    {
      path: '/apply',
      name: 'apply',
      component: () => import('@/pages/ApplyPage.vue'),
      meta: { public: true },
    },
    {
      path: '/invite/:token',
      name: 'invite',
      component: () => import('@/pages/InvitePage.vue'),
      props: true,
      meta: { public: true },
    },
    {
      path: '/account/qualifications',
      name: 'qualifications',
      component: () => import('@/pages/QualificationsPage.vue'),
    },
    { path: '/account/staff', name: 'staff', component: () => import('@/pages/StaffPage.vue') },
    { path: '/account/rebates', name: 'rebates', component: () => import('@/pages/RebatesPage.vue') },
    {
      path: '/seller/credit-lines',
      name: 'seller-credit-lines',
      component: () => import('@/pages/SellerCreditLinesPage.vue'),
    },
    { path: '/seller/prices', name: 'seller-prices', component: () => import('@/pages/SellerPricesPage.vue') },
    { path: '/seller/orders', name: 'seller-orders', component: () => import('@/pages/SellerOrdersPage.vue') },
    { path: '/seller/rules', name: 'seller-rules', component: () => import('@/pages/SellerRulesPage.vue') },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue') },
  ],
  scrollBehavior(to, from, saved) {
    if (saved) return saved;
    // Changing a catalogue filter keeps the list where it is.
    if (to.path === from.path) return false;
    return { top: 0 };
  },
});

router.beforeEach((to) => {
  if (!to.meta.public && !session.value) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (to.name === 'login' && session.value) return { name: 'home' };
  return true;
});
