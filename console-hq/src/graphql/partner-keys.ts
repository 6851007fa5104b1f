import { graphql } from '@/generated';

export const PartnerKeyFieldsFragment = graphql(`
  fragment PartnerKeyFields on PartnerKey {
    id
    name
    keyPrefix
    scope
    rateLimitPerMinute
    active
    createdAt
    revokedAt
    lastUsedAt
    dealer {
      id
      code
      name
      nameEn
    }
    createdBy {
      id
      displayName
    }
  }
`);

/** Partner API keys, newest first (head office only). */
export const PartnerKeysDocument = graphql(`
  query PartnerKeys($first: Int!, $after: String, $includeRevoked: Boolean) {
    partnerKeys(first: $first, after: $after, includeRevoked: $includeRevoked) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...PartnerKeyFields
        }
      }
    }
  }
`);

export const CreatePartnerKeyDocument = graphql(`
  mutation CreatePartnerKey($input: CreatePartnerKeyInput!) {
    createPartnerKey(input: $input) {
      key
      partnerKey {
        ...PartnerKeyFields
      }
    }
  }
`);

export const RevokePartnerKeyDocument = graphql(`
  mutation RevokePartnerKey($id: ID!) {
    revokePartnerKey(id: $id) {
      ...PartnerKeyFields
    }
  }
`);

/** Dealers matching a search, to pick the dealer of a DEALER_READ key. */
export const PartnerKeyDealerOptionsDocument = graphql(`
  query PartnerKeyDealerOptions($search: String!) {
    dealers(filter: { search: $search }, first: 10, sort: CODE_ASC) {
      edges {
        node {
          id
          code
          name
          nameEn
        }
      }
    }
  }
`);
