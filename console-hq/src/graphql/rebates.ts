import { graphql } from '@/generated';

// Rebates (docs/design/rebates-reports.md §6–§8, finance subgraph): policies with their editor's
// preview, and the settlements queue HQ approves or rejects.

/** A rebate policy as the list and the editor read it (accruedMinor: the sum of its progress rows). */
export const RebatePolicyFieldsFragment = graphql(`
  fragment RebatePolicyFields on RebatePolicy {
    id
    code
    name
    status
    periodKind
    validFrom
    validTo
    basis
    calculation
    parameters
    settlementForm
    budgetMinor
    accruedMinor
    dealerGrades
    regionIds
    dealerIds
    categoryIds
    brandIds
    productIds
    version
    updatedAt
  }
`);

/** Rebate policies, newest first, narrowed by status. */
export const RebatePoliciesDocument = graphql(`
  query RebatePolicies($first: Int!, $after: String, $filter: RebatePolicyFilter) {
    rebatePolicies(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...RebatePolicyFields
        }
      }
    }
  }
`);

/** One rebate policy for the editor. */
export const RebatePolicyDocument = graphql(`
  query RebatePolicy($id: ID!) {
    rebatePolicy(id: $id) {
      ...RebatePolicyFields
    }
  }
`);

/** What each eligible dealer would earn under the policy as edited, over one past period. */
export const PreviewRebatePolicyDocument = graphql(`
  query PreviewRebatePolicy($input: RebatePolicyInput!, $period: String!) {
    previewRebatePolicy(input: $input, period: $period) {
      rows {
        dealerId
        basis
        accruedMinor
        tierIndex
        nextTier {
          threshold
          remaining
          rateBp
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** Creates a DRAFT policy. */
export const CreateRebatePolicyDocument = graphql(`
  mutation CreateRebatePolicy($input: RebatePolicyInput!) {
    createRebatePolicy(input: $input) {
      policy {
        ...RebatePolicyFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** Changes a DRAFT policy, or an ACTIVE one's name, end date and budget. */
export const UpdateRebatePolicyDocument = graphql(`
  mutation UpdateRebatePolicy($input: UpdateRebatePolicyInput!) {
    updateRebatePolicy(input: $input) {
      policy {
        ...RebatePolicyFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** Activates a DRAFT policy. */
export const ActivateRebatePolicyDocument = graphql(`
  mutation ActivateRebatePolicy($id: ID!, $expectedVersion: Int!) {
    activateRebatePolicy(id: $id, expectedVersion: $expectedVersion) {
      policy {
        ...RebatePolicyFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** Closes a policy: it accrues no more. */
export const CloseRebatePolicyDocument = graphql(`
  mutation CloseRebatePolicy($id: ID!, $expectedVersion: Int!) {
    closeRebatePolicy(id: $id, expectedVersion: $expectedVersion) {
      policy {
        ...RebatePolicyFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** A settlement as the queue shows it. */
export const RebateSettlementFieldsFragment = graphql(`
  fragment RebateSettlementFields on RebateSettlement {
    id
    policyId
    dealerId
    period
    status
    form
    amountMinor
    accruedMinor
    awardsMinor
    creditNoteId
    rejectReason
    decidedAt
    createdAt
    version
  }
`);

/** Rebate settlements, newest first, narrowed by period and status. */
export const RebateSettlementsDocument = graphql(`
  query RebateSettlements($first: Int!, $after: String, $filter: RebateSettlementFilter) {
    rebateSettlements(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...RebateSettlementFields
        }
      }
    }
  }
`);

/** Proposes the settlements of an ended period now. */
export const ProposeRebateSettlementsDocument = graphql(`
  mutation ProposeRebateSettlements($period: String!) {
    proposeRebateSettlements(period: $period) {
      period
      proposed
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** Approves a PROPOSED settlement at the version read. */
export const ApproveRebateSettlementDocument = graphql(`
  mutation ApproveRebateSettlement($input: ApproveRebateSettlementInput!) {
    approveRebateSettlement(input: $input) {
      settlement {
        ...RebateSettlementFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** Rejects a PROPOSED settlement with a reason. */
export const RejectRebateSettlementDocument = graphql(`
  mutation RejectRebateSettlement($input: RejectRebateSettlementInput!) {
    rejectRebateSettlement(input: $input) {
      settlement {
        ...RebateSettlementFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
