import { Grants, type ExportRegistry } from '@dnp/subgraph-kit';
import { createTraceabilityLoaders } from '../traceability.loader.js';
import { sellThroughPager } from './sell-through-report.service.js';

/** Who reads sell-through (and exports it): HQ, managers and dealer users, each in their scope. */
export const SELL_THROUGH_GRANTS = Grants.STAFF;

/** The traceability reports the kit export job runs (`startTraceabilityReportExport`, `GET /exports/:id`). */
export const traceabilityExports: ExportRegistry = {
  owner: 'traceability',
  pagers: [sellThroughPager],
  createLoaders: createTraceabilityLoaders,
  grants: SELL_THROUGH_GRANTS,
};
