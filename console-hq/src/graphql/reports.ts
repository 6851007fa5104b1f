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
