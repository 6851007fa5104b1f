import { graphql } from '@/generated';

export const AuditLogDocument = graphql(`
  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilter) {
    auditLog(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          at
          subgraph
          actorId
          actorRole
          actorName
          actorDealerId
          operation
          action
          entityType
          entityId
          before
          after
          requestId
        }
      }
    }
  }
`);
