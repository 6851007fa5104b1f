import { graphql } from '@/generated';

// Price control (控价, docs/design/rebates-reports.md §10, pricing subgraph): minimum resale prices
// per product and region, and the violations retail prices below them raise.

/** A minimum resale price as the list shows it. */
export const MinimumResalePriceFieldsFragment = graphql(`
  fragment MinimumResalePriceFields on MinimumResalePrice {
    id
    minimum {
      ...MoneyFields
    }
    validFrom
    validTo
    updatedAt
    product {
      id
      sku
      name
      nameEn
    }
    region {
      id
      name
      nameEn
    }
  }
`);

/** Minimum resale prices, newest first. */
export const MinimumResalePricesDocument = graphql(`
  query MinimumResalePrices($first: Int!, $after: String, $filter: MinimumResalePriceFilter) {
    minimumResalePrices(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...MinimumResalePriceFields
        }
      }
    }
  }
`);

/** Sets (or replaces) a product's minimum in a region. */
export const SetMinimumResalePriceDocument = graphql(`
  mutation SetMinimumResalePrice($input: MinimumResalePriceInput!) {
    setMinimumResalePrice(input: $input) {
      minimumResalePrice {
        ...MinimumResalePriceFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** Removes the minimum set on a region for a product. */
export const RemoveMinimumResalePriceDocument = graphql(`
  mutation RemoveMinimumResalePrice($productId: ID!, $regionId: ID!) {
    removeMinimumResalePrice(productId: $productId, regionId: $regionId) {
      minimumResalePrice {
        id
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** A price violation as the list shows it. */
export const PriceViolationFieldsFragment = graphql(`
  fragment PriceViolationFields on PriceViolation {
    id
    status
    source
    code
    businessDay
    raisedAt
    acknowledgedAt
    resolvedAt
    price {
      ...MoneyFields
    }
    minimum {
      ...MoneyFields
    }
    product {
      id
      sku
      name
      nameEn
    }
    dealer {
      id
      code
      name
      nameEn
    }
    region {
      id
      name
      nameEn
    }
  }
`);

/** Price violations, newest first, narrowed by the filter. */
export const PriceViolationsDocument = graphql(`
  query PriceViolations($first: Int!, $after: String, $filter: PriceViolationFilter) {
    priceViolations(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...PriceViolationFields
        }
      }
    }
  }
`);

/** Violations counted per region and per dealer over the same region and dates. */
export const PriceViolationSummaryDocument = graphql(`
  query PriceViolationSummary($regionId: ID, $from: DateTimeISO, $to: DateTimeISO) {
    byRegion: priceViolationSummary(groupBy: REGION, regionId: $regionId, from: $from, to: $to) {
      key
      count
      unresolved
    }
    byDealer: priceViolationSummary(groupBy: DEALER, regionId: $regionId, from: $from, to: $to) {
      key
      count
      unresolved
    }
  }
`);

/** Marks a violation as being followed up. */
export const AcknowledgePriceViolationDocument = graphql(`
  mutation AcknowledgePriceViolation($id: ID!) {
    acknowledgePriceViolation(id: $id) {
      ...PriceViolationFields
    }
  }
`);

/** Closes a violation. */
export const ResolvePriceViolationDocument = graphql(`
  mutation ResolvePriceViolation($id: ID!) {
    resolvePriceViolation(id: $id) {
      ...PriceViolationFields
    }
  }
`);

/** Each violation as it is raised (the gateway's graphql-ws feed): the page refreshes on it. */
export const LivePriceViolationRaisedDocument = graphql(`
  subscription LivePriceViolationRaised {
    priceViolationRaised {
      id
    }
  }
`);
