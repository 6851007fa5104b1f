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
