import { graphql } from '@/generated';

export const SellerPriceEntryFields = graphql(`
  fragment StoreSellerPriceEntryFields on PriceListEntry {
    id
    productId
    minQuantity
    unitPrice {
      ...StoreMoney
    }
    product {
      id
      sku
      name
      nameEn
    }
    floors {
      grade
      floor {
        ...StoreMoney
      }
    }
  }
`);

/** The caller's price list for its sub-dealers of one grade (null: the list for every grade). */
export const SellerPriceListQuery = graphql(`
  query StoreSellerPriceList($grade: DealerGrade, $first: Int!) {
    subDealerPriceList(grade: $grade) {
      id
      code
      entries(first: $first) {
        totalCount
        edges {
          node {
            ...StoreSellerPriceEntryFields
          }
        }
      }
    }
  }
`);

/** Products to price, by SKU or name. */
export const SellerProductSearchQuery = graphql(`
  query StoreSellerProductSearch($search: String, $first: Int!) {
    products(first: $first, filter: { search: $search }) {
      edges {
        node {
          id
          sku
          name
          nameEn
        }
      }
    }
  }
`);

export const SetSubDealerPriceMutation = graphql(`
  mutation StoreSetSubDealerPrice($input: SubDealerPriceInput!) {
    setSubDealerPrice(input: $input) {
      entry {
        ...StoreSellerPriceEntryFields
      }
      floor {
        ...StoreMoney
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const RemoveSubDealerPriceMutation = graphql(`
  mutation StoreRemoveSubDealerPrice($productId: ID!, $grade: DealerGrade, $minQuantity: Int) {
    removeSubDealerPrice(productId: $productId, grade: $grade, minQuantity: $minQuantity) {
      errors {
        code
        message
        field
      }
    }
  }
`);

export const SubDealerLineFields = graphql(`
  fragment StoreSubDealerLineFields on CreditAccount {
    id
    termDays
    status
    dealer {
      id
    }
    limit {
      ...StoreMoney
    }
    used {
      ...StoreMoney
    }
    held {
      ...StoreMoney
    }
    available {
      ...StoreMoney
    }
  }
`);

/** The caller's direct sub-dealers and the credit lines its dealer grants them. */
export const SubDealerCreditLinesQuery = graphql(`
  query StoreSubDealerCreditLines($first: Int!) {
    me {
      id
      dealer {
        id
        children {
          id
          code
          name
          nameEn
        }
      }
    }
    subDealerCreditLines(first: $first) {
      edges {
        node {
          ...StoreSubDealerLineFields
        }
      }
    }
  }
`);

export const SetSubDealerCreditLineMutation = graphql(`
  mutation StoreSetSubDealerCreditLine($input: SubDealerCreditLineInput!) {
    setSubDealerCreditLine(input: $input) {
      account {
        ...StoreSubDealerLineFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** A sub-dealer's order as the seller's lists show it: the buyer and who sells. */
export const SellerOrderFields = graphql(`
  fragment StoreSellerOrderFields on Order {
    ...OrderListFields
    dealer {
      id
      code
      name
      nameEn
    }
    seller {
      id
    }
  }
`);

/** Orders waiting for the caller's dealer's review (its sub-dealers' orders to it), oldest first. */
export const SellerReviewQueueQuery = graphql(`
  query StoreSellerReviewQueue($first: Int!, $after: String) {
    reviewQueue(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...StoreSellerOrderFields
        }
      }
    }
  }
`);

/** Orders the caller may read, with their seller: the page keeps those its dealer sells. */
export const SellerOrdersQuery = graphql(`
  query StoreSellerOrders($first: Int!, $after: String, $filter: OrderFilter) {
    orders(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...StoreSellerOrderFields
        }
      }
    }
  }
`);

/** Approves or rejects a sub-dealer's order waiting for review. */
export const SellerReviewOrderMutation = graphql(`
  mutation StoreSellerReviewOrder($id: ID!, $decision: ReviewDecision!, $comment: String) {
    reviewOrder(id: $id, decision: $decision, comment: $comment) {
      order {
        ...StoreSellerOrderFields
      }
      errors {
        ...OrderErrorFields
      }
    }
  }
`);

export const SubDealerReviewRulesFields = graphql(`
  fragment StoreSubDealerReviewRulesFields on SubDealerReviewRules {
    autoApprove
    reviewAmountThreshold {
      ...StoreMoney
    }
    updatedAt
  }
`);

/** The caller's dealer's review rule for its sub-dealers' orders (null: never set). */
export const SubDealerReviewRulesQuery = graphql(`
  query StoreSubDealerReviewRules {
    subDealerReviewRules {
      ...StoreSubDealerReviewRulesFields
    }
  }
`);

export const SetSubDealerReviewRulesMutation = graphql(`
  mutation StoreSetSubDealerReviewRules($input: SubDealerReviewRulesInput!) {
    setSubDealerReviewRules(input: $input) {
      rules {
        ...StoreSubDealerReviewRulesFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);
