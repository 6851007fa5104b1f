import type { RouteRecordRaw } from 'vue-router';

/** The master-data pages (HQ only): products, categories and brands, warehouses, safety stock. */
export const MASTER_DATA_ROUTES = ['products', 'product', 'categories', 'warehouses', 'safety-stock'] as const;

/** Issue 15's console pages (network administration, §17). */
export const networkRoutes: RouteRecordRaw[] = [
  {
    path: '/catalog/products',
    name: 'products',
    component: () => import('@/pages/catalog/ProductsPage.vue'),
    meta: { title: 'masterData.nav.products' },
  },
  {
    // `new` opens the empty form; any other id the product's.
    path: '/catalog/products/:id',
    name: 'product',
    component: () => import('@/pages/catalog/ProductPage.vue'),
    props: true,
    meta: { title: 'masterData.nav.products' },
  },
  {
    path: '/catalog/categories',
    name: 'categories',
    component: () => import('@/pages/catalog/CategoriesPage.vue'),
    meta: { title: 'masterData.nav.categories' },
  },
  {
    path: '/inventory/warehouses',
    name: 'warehouses',
    component: () => import('@/pages/inventory/WarehousesPage.vue'),
    meta: { title: 'masterData.nav.warehouses' },
  },
  {
    path: '/inventory/safety-stock',
    name: 'safety-stock',
    component: () => import('@/pages/inventory/SafetyStockPage.vue'),
    meta: { title: 'masterData.nav.safetyStock' },
  },
];
