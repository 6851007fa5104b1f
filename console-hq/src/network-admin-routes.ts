import type { RouteRecordRaw } from 'vue-router';

/**
 * The network administration pages (docs/design/network-administration.md §17): the application
 * queue, grade proposals, credit-limit approvals and users. The dealer profile's tabs live on `/dealers/:id`.
 */
export const networkAdminRoutes: RouteRecordRaw[] = [
  {
    path: '/network/applications',
    name: 'network-applications',
    component: () => import('@/pages/network/ApplicationsPage.vue'),
    meta: { title: 'network.nav.applications' },
  },
  {
    path: '/network/applications/:id',
    name: 'network-application',
    component: () => import('@/pages/network/ApplicationPage.vue'),
    props: true,
    meta: { title: 'network.nav.applications' },
  },
  {
    path: '/network/grades',
    name: 'network-grades',
    component: () => import('@/pages/network/GradesPage.vue'),
    meta: { title: 'network.nav.grades' },
  },
  {
    path: '/finance/credit-changes',
    name: 'credit-changes',
    component: () => import('@/pages/finance/CreditChangesPage.vue'),
    meta: { title: 'network.nav.creditChanges' },
  },
  {
    path: '/users',
    name: 'users',
    component: () => import('@/pages/users/UsersPage.vue'),
    meta: { title: 'network.nav.users' },
  },
];
