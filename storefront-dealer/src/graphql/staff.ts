import { graphql } from '@/generated';

export const StaffUserFields = graphql(`
  fragment StoreStaffUserFields on User {
    id
    username
    displayName
    role
    active
    lastLoginAt
    invitedAt
    invitationPending
    disabledReason
  }
`);

/** The users of the admin's own dealer. */
export const StaffQuery = graphql(`
  query StoreStaff($dealerId: ID!, $first: Int!) {
    users(first: $first, filter: { dealerId: $dealerId }) {
      totalCount
      edges {
        node {
          ...StoreStaffUserFields
        }
      }
    }
  }
`);

export const InviteStaffMutation = graphql(`
  mutation StoreInviteStaff($input: InviteUserInput!) {
    inviteUser(input: $input) {
      user {
        ...StoreStaffUserFields
      }
      invitationUrl
      expiresAt
      errors {
        code
        message
        field
      }
    }
  }
`);

export const ResetStaffPasswordMutation = graphql(`
  mutation StoreResetStaffPassword($id: ID!) {
    resetUserPassword(id: $id) {
      user {
        ...StoreStaffUserFields
      }
      invitationUrl
      expiresAt
      errors {
        code
        message
        field
      }
    }
  }
`);

export const SetStaffRoleMutation = graphql(`
  mutation StoreSetStaffRole($input: SetUserRoleInput!) {
    setUserRole(input: $input) {
      user {
        ...StoreStaffUserFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const DisableStaffMutation = graphql(`
  mutation StoreDisableStaff($id: ID!, $reason: String) {
    disableUser(id: $id, reason: $reason) {
      ...StoreStaffUserFields
    }
  }
`);

export const EnableStaffMutation = graphql(`
  mutation StoreEnableStaff($id: ID!) {
    enableUser(id: $id) {
      ...StoreStaffUserFields
    }
  }
`);
