/** @dnp/demo-data: deterministic demo fixtures shared by the subgraphs' seeders. */
export * from './random.js';
export * from './regions.js';
export * from './catalog.js';
export * from './network.js';
export * from './orders.js';
export * from './seller-prices.js';
