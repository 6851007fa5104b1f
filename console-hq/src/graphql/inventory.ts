import { graphql } from '@/generated';

export const WarehousesDocument = graphql(`
  query Warehouses {
    warehouses {
      id
      code
      name
      nameEn
      kind
      active
      region {
        id
        name
        nameEn
      }
    }
  }
`);

export const StockLevelsDocument = graphql(`
  query StockLevels($first: Int!, $after: String, $filter: StockLevelFilter, $sort: StockLevelSort) {
    stockLevels(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          onHand
          reserved
          available
          safetyStock
          belowSafetyStock
          updatedAt
          product {
            id
            sku
            name
            nameEn
            unit
            unitEn
          }
          warehouse {
            id
            name
            nameEn
            kind
          }
        }
      }
    }
  }
`);
