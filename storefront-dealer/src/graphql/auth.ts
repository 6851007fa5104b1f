import { graphql } from '@/generated';

export const SessionUserFields = graphql(`
  fragment SessionUserFields on User {
    id
    username
    displayName
    role
    dealer {
      id
      name
      nameEn
    }
  }
`);

export const LoginMutation = graphql(`
  mutation StoreLogin($input: LoginInput!) {
    login(input: $input) {
      accessToken
      refreshToken
      expiresAt
      user {
        ...SessionUserFields
      }
    }
  }
`);

export const RefreshTokenMutation = graphql(`
  mutation StoreRefreshToken($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      expiresAt
      user {
        ...SessionUserFields
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation StoreLogout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

export const PlatformSettingsQuery = graphql(`
  query PlatformSettings {
    platformSettings {
      businessTimeZone
      rebateMaxOrderShareBp
    }
  }
`);
