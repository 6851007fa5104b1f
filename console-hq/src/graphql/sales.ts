import { graphql } from '@/generated';

export const SalesTrendDocument = graphql(`
  query SalesTrend($granularity: TrendGranularity!) {
    salesTrend(granularity: $granularity) {
      periodStart
      label
      orderCount
      amount {
        ...MoneyFields
      }
    }
  }
`);

export const SalesByRegionDocument = graphql(`
  query SalesByRegion {
    salesByRegion(level: SALES_REGION) {
      region {
        id
        name
        nameEn
      }
      orderCount
      amount {
        ...MoneyFields
      }
    }
  }
`);

export const DashboardCountsDocument = graphql(`
  query DashboardCounts {
    orderStatusCounts {
      status
      count
    }
    belowSafety: stockLevels(first: 0, filter: { belowSafetyStock: true }) {
      totalCount
    }
  }
`);
