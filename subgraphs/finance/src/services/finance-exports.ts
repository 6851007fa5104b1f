import { Grant, Grants, type ExportRegistry } from '@dnp/subgraph-kit';
import { createFinanceLoaders } from '../finance.loader.js';
import { receivablesPager } from './receivables-report.service.js';

/** Who reads the receivables trend (and exports it): as the aging report. */
export const RECEIVABLES_REPORT_GRANTS = [...Grants.STAFF, Grant.FINANCE_CLERK];

/** The finance reports the kit export job runs (`startFinanceReportExport`, `GET /exports/:id`). */
export const financeExports: ExportRegistry = {
  owner: 'finance',
  pagers: [receivablesPager],
  createLoaders: createFinanceLoaders,
  grants: RECEIVABLES_REPORT_GRANTS,
};
