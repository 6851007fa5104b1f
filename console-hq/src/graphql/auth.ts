import { graphql } from '@/generated';

export const ViewerFieldsFragment = graphql(`
  fragment ViewerFields on User {
    id
    username
    displayName
    role
    dealer {
      id
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

export const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      refreshToken
      expiresAt
      user {
        ...ViewerFields
      }
    }
  }
`);

export const RefreshTokenDocument = graphql(`
  mutation RefreshToken($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      expiresAt
      user {
        ...ViewerFields
      }
    }
  }
`);

export const LogoutDocument = graphql(`
  mutation Logout($refreshToken: String!) {
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
