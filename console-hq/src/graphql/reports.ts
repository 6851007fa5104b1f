import { graphql } from '@/generated';

// Reports (§17): the distribution flow of a month (orders subgraph) and the region tree its filter
// offers (dealers subgraph).

/** Sell-in (BRAND → a level) and sell-through (a level → a lower level) shipped in a month. */
export const DistributionFlowDocument = graphql(`
  query DistributionFlow($period: YearMonth!, $regionId: ID) {
    distributionFlow(period: $period, regionId: $regionId) {
      sellerLevel
      buyerLevel
      orders
      units
      value {
        ...MoneyFields
      }
    }
  }
`);

/** A region as the report's filter lists it (indented by depth). */
export const ReportRegionFieldsFragment = graphql(`
  fragment ReportRegionFields on Region {
    id
    name
    nameEn
    depth
  }
`);

/** The sales regions, provinces and cities under the country, for the report's region filter. */
export const ReportRegionsDocument = graphql(`
  query ReportRegions {
    regions {
      id
      children {
        ...ReportRegionFields
        children {
          ...ReportRegionFields
          children {
            ...ReportRegionFields
          }
        }
      }
    }
  }
`);

// Reports over the aggregates (rebates-reports §9, §11): each owner answers its report and runs its exports.

/** Sales by a dimension over business periods, compared YoY or MoM (orders). */
export const SalesReportDocument = graphql(`
  query SalesReport($input: SalesReportInput!, $first: Int, $after: String) {
    salesReport(input: $input, first: $first, after: $after) {
      firstPeriod
      lastPeriod
      rows {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            key
            label
            region {
              id
              name
              nameEn
            }
            dealer {
              id
              name
              nameEn
            }
            product {
              id
              name
              nameEn
            }
            orders
            units
            gross {
              ...MoneyFields
            }
            net {
              ...MoneyFields
            }
            compareNet {
              ...MoneyFields
            }
            changeBp
          }
        }
      }
      totals {
        orders
        units
        gross {
          ...MoneyFields
        }
        net {
          ...MoneyFields
        }
        compareNet {
          ...MoneyFields
        }
        changeBp
      }
    }
  }
`);

/** Dealers ranked in one business period (orders). */
export const DealerRankingDocument = graphql(`
  query DealerRanking($input: DealerRankingInput!, $first: Int) {
    dealerRanking(input: $input, first: $first) {
      rank
      dealerId
      dealer {
        id
        name
        nameEn
      }
      orders
      units
      net {
        ...MoneyFields
      }
      lastYearNet {
        ...MoneyFields
      }
      growthBp
    }
  }
`);

/** Turnover and days of stock per product of one warehouse (inventory). */
export const InventoryReportDocument = graphql(`
  query InventoryReport($warehouseId: ID!, $from: LocalDate!, $to: LocalDate!, $first: Int, $offset: Int) {
    inventoryReport(warehouseId: $warehouseId, from: $from, to: $to, first: $first, offset: $offset) {
      days
      totalCount
      rows {
        product {
          id
          sku
          name
          nameEn
        }
        openingUnits
        inUnits
        outUnits
        closingUnits
        turnover
        daysOfStock
      }
    }
  }
`);

/** Retail sell-through per business period (traceability). */
export const SellThroughReportDocument = graphql(`
  query SellThroughReport($from: LocalDate!, $to: LocalDate!, $granularity: PeriodGranularity, $regionId: ID) {
    sellThroughReport(from: $from, to: $to, granularity: $granularity, regionId: $regionId) {
      period
      soldUnits
      pricedUnits
      revenue {
        ...MoneyFields
      }
      averagePrice {
        ...MoneyFields
      }
    }
  }
`);

/** Open and overdue receivables at each month end (finance). */
export const ReceivablesReportDocument = graphql(`
  query ReceivablesReport($from: YearMonth!, $to: YearMonth!) {
    receivablesReport(from: $from, to: $to) {
      month
      taken
      open {
        ...MoneyFields
      }
      overdue {
        ...MoneyFields
      }
      unapplied {
        ...MoneyFields
      }
      dealers
    }
  }
`);

/** What the console follows of an export: its progress and where its file is. */
export const ExportJobFieldsFragment = graphql(`
  fragment ExportJobFields on ExportJob {
    id
    status
    rowsDone
    rowsTotal
    error
    downloadPath
  }
`);

/** The queued export or its refusal (each owner names its mutation: root fields are unique). */
export const StartOrdersReportExportDocument = graphql(`
  mutation StartOrdersReportExport($input: StartReportExportInput!) {
    startOrdersReportExport(input: $input) {
      job {
        ...ExportJobFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const StartInventoryReportExportDocument = graphql(`
  mutation StartInventoryReportExport($input: StartReportExportInput!) {
    startInventoryReportExport(input: $input) {
      job {
        ...ExportJobFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const StartTraceabilityReportExportDocument = graphql(`
  mutation StartTraceabilityReportExport($input: StartReportExportInput!) {
    startTraceabilityReportExport(input: $input) {
      job {
        ...ExportJobFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const StartFinanceReportExportDocument = graphql(`
  mutation StartFinanceReportExport($input: StartReportExportInput!) {
    startFinanceReportExport(input: $input) {
      job {
        ...ExportJobFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** One of the viewer's own exports, per owner (polled while it runs). */
export const OrdersExportJobDocument = graphql(`
  query OrdersExportJob($id: ID!) {
    ordersExportJob(id: $id) {
      ...ExportJobFields
    }
  }
`);

export const InventoryExportJobDocument = graphql(`
  query InventoryExportJob($id: ID!) {
    inventoryExportJob(id: $id) {
      ...ExportJobFields
    }
  }
`);

export const TraceabilityExportJobDocument = graphql(`
  query TraceabilityExportJob($id: ID!) {
    traceabilityExportJob(id: $id) {
      ...ExportJobFields
    }
  }
`);

export const FinanceExportJobDocument = graphql(`
  query FinanceExportJob($id: ID!) {
    financeExportJob(id: $id) {
      ...ExportJobFields
    }
  }
`);
