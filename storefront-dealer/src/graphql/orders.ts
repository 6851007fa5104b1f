import { graphql } from '@/generated';

export const OrderListFields = graphql(`
  fragment OrderListFields on Order {
    id
    orderNumber
    status
    itemCount
    placedAt
    total { amount currency }
  }
`);

export const OrdersQuery = graphql(`
  query StoreOrders($first: Int!, $after: String, $filter: OrderFilter) {
    orders(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...OrderListFields } }
    }
  }
`);
