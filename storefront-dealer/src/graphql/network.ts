import { graphql } from '@/generated';

/** The region tree down to the cities, for the application form (public). */
export const ApplyRegionsQuery = graphql(`
  query StoreApplyRegions {
    regions {
      id
      name
      nameEn
      children {
        id
        name
        nameEn
        children {
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

/** An applicant's application (anonymous): answers only its number. */
export const SubmitApplicationMutation = graphql(`
  mutation StoreSubmitApplication($input: DealerApplicationInput!) {
    submitDealerApplication(input: $input) {
      number
      errors {
        code
        message
        field
      }
    }
  }
`);

/** Sets the password of an invited (or reset) user and signs it in. */
export const AcceptInvitationMutation = graphql(`
  mutation StoreAcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      accessToken
      refreshToken
      expiresAt
      user {
        ...SessionUserFields
      }
    }
  }
`);

export const QualificationFields = graphql(`
  fragment StoreQualificationFields on Qualification {
    id
    kind
    number
    issuer
    validUntil
    status
    required
    expired
    expiresInDays
    submittedAt
    reviewedAt
    reviewComment
    replaces {
      id
    }
  }
`);

/**
 * Why the signed-in dealer may not order now (null: it may), whether it sells to sub-dealers, and its
 * parent (the seller it may buy from instead of the brand).
 */
export const MyDealerNetworkQuery = graphql(`
  query StoreMyDealerNetwork {
    me {
      id
      dealer {
        id
        code
        parentId
        children {
          id
        }
        orderingBlock {
          code
          message
          since
          qualification {
            id
            kind
            validUntil
          }
        }
      }
    }
  }
`);

/** The signed-in dealer's licences (every status) and its ordering block. */
export const MyQualificationsQuery = graphql(`
  query StoreMyQualifications {
    me {
      id
      dealer {
        id
        orderingBlock {
          code
          message
          since
        }
        qualifications {
          ...StoreQualificationFields
        }
      }
    }
  }
`);

/** A renewed licence for review. */
export const SubmitRenewalMutation = graphql(`
  mutation StoreSubmitRenewal($input: QualificationRenewalInput!) {
    submitQualificationRenewal(input: $input) {
      qualification {
        ...StoreQualificationFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);
