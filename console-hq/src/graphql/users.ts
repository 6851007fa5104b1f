import { graphql } from '@/generated';

/** One user row of the users page. */
export const UserRowFieldsFragment = graphql(`
  fragment UserRowFields on User {
    id
    username
    displayName
    role
    active
    lastLoginAt
    invitedAt
    invitationPending
    disabledReason
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

export const UsersDocument = graphql(`
  query Users($first: Int!, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...UserRowFields
        }
      }
    }
  }
`);

export const InviteUserDocument = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      invitationUrl
      expiresAt
      user {
        ...UserRowFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const ResetUserPasswordDocument = graphql(`
  mutation ResetUserPassword($id: ID!) {
    resetUserPassword(id: $id) {
      invitationUrl
      expiresAt
      user {
        ...UserRowFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const SetUserRoleDocument = graphql(`
  mutation SetUserRole($input: SetUserRoleInput!) {
    setUserRole(input: $input) {
      user {
        ...UserRowFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const DisableUserDocument = graphql(`
  mutation DisableUser($id: ID!, $reason: String) {
    disableUser(id: $id, reason: $reason) {
      ...UserRowFields
    }
  }
`);

export const EnableUserDocument = graphql(`
  mutation EnableUser($id: ID!) {
    enableUser(id: $id) {
      ...UserRowFields
    }
  }
`);
