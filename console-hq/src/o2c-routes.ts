import type { RouteRecordRaw } from 'vue-router';

/** The order-to-cash pages: the warehouse queue and shipments. */
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
];
