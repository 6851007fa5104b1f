import { graphql } from '@/generated';

/** One row of the application queue. */
export const ApplicationRowFieldsFragment = graphql(`
  fragment ApplicationRowFields on DealerApplication {
    id
    number
    status
    companyName
    levelApplied
    submittedAt
    region {
      id
      name
      nameEn
    }
  }
`);

/** The application queue (HQ all, managers their region), oldest first, by status. */
export const DealerApplicationsDocument = graphql(`
  query DealerApplications($first: Int!, $after: String, $status: [ApplicationStatus!]) {
    dealerApplications(first: $first, after: $after, filter: { status: $status }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ApplicationRowFields
        }
      }
    }
  }
`);

/** One application with its documents and review steps. */
export const DealerApplicationDocument = graphql(`
  query DealerApplication($id: ID!) {
    dealerApplication(id: $id) {
      ...ApplicationRowFields
      version
      companyNameEn
      creditCode
      legalRepresentative
      address
      contactName
      contactPhone
      contactEmail
      businessScopes
      wantsWarehouse
      note
      rejectionReason
      parentDealer {
        id
        code
        name
        nameEn
      }
      documents {
        kind
        number
        issuer
        validUntil
        contentType
        byteSize
        url
      }
      regionReview {
        reviewedBy
        reviewedAt
        comment
      }
      hqReview {
        reviewedBy
        reviewedAt
        comment
      }
      dealer {
        id
        code
      }
    }
  }
`);

export const ReviewDealerApplicationDocument = graphql(`
  mutation ReviewDealerApplication($input: ReviewApplicationInput!) {
    reviewDealerApplication(input: $input) {
      invitationUrl
      application {
        id
        status
        version
      }
      dealer {
        id
        code
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** What the dealer profile's administration tabs read beyond the profile itself. */
export const DealerAdminDocument = graphql(`
  query DealerAdmin($id: ID!) {
    dealer(id: $id) {
      id
      status
      grade
      level
      parent {
        id
        code
        name
        nameEn
      }
      orderingBlock {
        code
        message
        since
      }
      statusHistory {
        fromStatus
        toStatus
        reason
        actorName
        at
      }
      gradeHistory {
        fromGrade
        toGrade
        source
        actorName
        reason
        at
      }
      qualifications {
        id
        kind
        number
        issuer
        validUntil
        status
        required
        submittedAt
        replaces {
          id
          validUntil
        }
      }
      creditAccount {
        id
        termDays
        limit {
          ...MoneyFields
        }
        pendingChange {
          ...CreditChangeFields
        }
        limitChanges(first: 20) {
          edges {
            node {
              ...CreditChangeFields
            }
          }
        }
      }
    }
  }
`);

export const ChangeDealerStatusDocument = graphql(`
  mutation ChangeDealerStatus($input: ChangeDealerStatusInput!) {
    changeDealerStatus(input: $input) {
      dealer {
        id
        status
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const SetDealerParentDocument = graphql(`
  mutation SetDealerParent($input: SetDealerParentInput!) {
    setDealerParent(input: $input) {
      dealer {
        id
        parent {
          id
        }
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const ReviewQualificationDocument = graphql(`
  mutation ReviewQualification($input: ReviewQualificationInput!) {
    reviewQualification(input: $input) {
      qualification {
        id
        status
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** One grade proposal as the grades page and the profile show it. */
export const GradeProposalFieldsFragment = graphql(`
  fragment GradeProposalFields on GradeProposal {
    id
    period
    currentGrade
    proposedGrade
    direction
    status
    decidedByName
    decidedAt
    comment
    windowFrom
    windowTo
    purchases {
      ...MoneyFields
    }
    dealer {
      id
      code
      name
      nameEn
    }
  }
`);

export const GradeProposalsDocument = graphql(`
  query GradeProposals($first: Int!, $after: String, $status: GradeProposalStatus) {
    gradeProposals(first: $first, after: $after, filter: { status: $status }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...GradeProposalFields
        }
      }
    }
  }
`);

export const DecideGradeProposalDocument = graphql(`
  mutation DecideGradeProposal($input: DecideGradeProposalInput!) {
    decideGradeProposal(input: $input) {
      proposal {
        ...GradeProposalFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** One credit-limit change (request or history row). */
export const CreditChangeFieldsFragment = graphql(`
  fragment CreditChangeFields on CreditLimitChange {
    id
    status
    fromTermDays
    toTermDays
    reason
    needsSecondApproval
    requestedByName
    requestedByUserId
    requestedAt
    decidedByName
    decidedAt
    decisionComment
    appliedAt
    fromLimit {
      ...MoneyFields
    }
    toLimit {
      ...MoneyFields
    }
    dealer {
      id
      code
      name
      nameEn
    }
  }
`);

export const CreditLimitChangesDocument = graphql(`
  query CreditLimitChanges($first: Int!, $after: String, $status: CreditLimitChangeStatus) {
    creditLimitChanges(first: $first, after: $after, filter: { status: $status }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...CreditChangeFields
        }
      }
    }
  }
`);

export const RequestCreditLimitChangeDocument = graphql(`
  mutation RequestCreditLimitChange($input: CreditLimitChangeInput!) {
    requestCreditLimitChange(input: $input) {
      change {
        ...CreditChangeFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const ApproveCreditLimitChangeDocument = graphql(`
  mutation ApproveCreditLimitChange($input: ApproveCreditLimitChangeInput!) {
    approveCreditLimitChange(input: $input) {
      change {
        ...CreditChangeFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);
