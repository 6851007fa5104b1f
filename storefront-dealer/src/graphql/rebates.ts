import { graphql } from '@/generated';

export const RebateProgressFields = graphql(`
  fragment StoreRebateProgress on RebateProgress {
    policyId
    policyName
    basis
    period
    basisMinor
    quantity
    accruedMinor
    tierIndex
    version
    updatedAt
    nextTier {
      threshold
      remaining
      rateBp
    }
  }
`);

/**
 * "My rebates": the dealer's progress in the current month, quarter and year (a policy's rows carry
 * the key of its own period kind, so one of the three answers it), its rebate balance and its
 * approved settlements (the settled figure per policy).
 */
export const MyRebatesQuery = graphql(`
  query StoreMyRebates($dealerId: ID!, $month: String!, $quarter: String!, $year: String!) {
    month: rebateProgress(dealerId: $dealerId, period: $month) {
      ...StoreRebateProgress
    }
    quarter: rebateProgress(dealerId: $dealerId, period: $quarter) {
      ...StoreRebateProgress
    }
    year: rebateProgress(dealerId: $dealerId, period: $year) {
      ...StoreRebateProgress
    }
    rebateBalance(dealerId: $dealerId) {
      dealerId
      available
      held
      settled
      captured
    }
    rebateSettlements(first: 100, filter: { dealerId: $dealerId, status: APPROVED }) {
      totalCount
      edges {
        node {
          id
          policyId
          period
          amountMinor
        }
      }
    }
  }
`);

/** The signed-in dealer's usable rebate balance (the cart's "pay with rebate" field). */
export const MyRebateBalanceQuery = graphql(`
  query StoreMyRebateBalance {
    rebateBalance {
      dealerId
      available
    }
  }
`);

/** Where a dealer may say it saw a price: its own region and the regions below it. */
export const ReportRegionsQuery = graphql(`
  query StoreReportRegions {
    me {
      id
      dealer {
        id
        region {
          id
          name
          nameEn
          children {
            id
            name
            nameEn
          }
        }
      }
    }
  }
`);

/** Reports a retail price seen in the market (for the dealer's own dealer). */
export const ReportRetailPriceMutation = graphql(`
  mutation StoreReportRetailPrice($input: RetailPriceReportInput!) {
    reportRetailPrice(input: $input) {
      report {
        id
        priceMinor
        observedAt
        violationId
      }
      errors {
        code
        message
        field
      }
    }
  }
`);
