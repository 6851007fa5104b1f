import { graphql } from '@/generated';

export const PriceListsDocument = graphql(`
  query PriceLists($first: Int!, $after: String, $filter: PriceListFilter) {
    priceLists(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          code
          name
          nameEn
          dealerGrade
          region {
            id
            name
            nameEn
          }
          priority
          validFrom
          validTo
          active
          effective
        }
      }
    }
  }
`);

export const PriceListDetailDocument = graphql(`
  query PriceListDetail($id: ID!, $first: Int!, $after: String) {
    priceList(id: $id) {
      id
      code
      name
      nameEn
      currency
      dealerGrade
      regionId
      region {
        id
        name
        nameEn
      }
      priority
      validFrom
      validTo
      active
      effective
      updatedAt
      entries(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            productId
            minQuantity
            unitPrice {
              ...MoneyFields
            }
            product {
              id
              sku
              name
              nameEn
            }
          }
        }
      }
    }
  }
`);

export const CreatePriceListDocument = graphql(`
  mutation CreatePriceList($input: PriceListInput!) {
    createPriceList(input: $input) {
      priceList {
        id
        code
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdatePriceListDocument = graphql(`
  mutation UpdatePriceList($id: ID!, $input: PriceListInput!) {
    updatePriceList(id: $id, input: $input) {
      priceList {
        id
        code
        name
        nameEn
        dealerGrade
        regionId
        priority
        validFrom
        validTo
        active
        effective
        updatedAt
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const SetPriceListEntriesDocument = graphql(`
  mutation SetPriceListEntries($priceListId: ID!, $entries: [PriceListEntryInput!]!) {
    setPriceListEntries(priceListId: $priceListId, entries: $entries) {
      entries {
        id
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const PromotionFieldsFragment = graphql(`
  fragment PromotionFields on Promotion {
    id
    code
    name
    nameEn
    description
    type
    stacking
    priority
    active
    effective
    validFrom
    validTo
    minQuantity
    minAmount {
      ...MoneyFields
    }
    repeating
    buyQuantity
    rewardQuantity
    perDealerOrderLimit
    percentOff
    amountOff {
      ...MoneyFields
    }
    spendTiers {
      threshold {
        ...MoneyFields
      }
      discount {
        ...MoneyFields
      }
    }
    quantityTiers {
      minQuantity
      percentOff
    }
    bundleItems {
      quantity
      product {
        id
        sku
        name
        nameEn
      }
    }
    bundlePrice {
      ...MoneyFields
    }
    rewardProduct {
      id
      sku
      name
      nameEn
    }
    products {
      id
      sku
      name
      nameEn
    }
    categoryIds
    brandIds
    dealerGrades
    regions {
      id
      name
      nameEn
    }
    budget {
      ...MoneyFields
    }
    budgetUsed {
      ...MoneyFields
    }
    budgetRemaining {
      ...MoneyFields
    }
  }
`);

export const PromotionsDocument = graphql(`
  query Promotions($first: Int!, $after: String, $filter: PromotionFilter) {
    promotions(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          code
          name
          nameEn
          type
          stacking
          priority
          active
          effective
          validFrom
          validTo
          budget {
            ...MoneyFields
          }
          budgetUsed {
            ...MoneyFields
          }
        }
      }
    }
  }
`);

export const PromotionDetailDocument = graphql(`
  query PromotionDetail($id: ID!) {
    promotion(id: $id) {
      ...PromotionFields
    }
  }
`);

export const CreatePromotionDocument = graphql(`
  mutation CreatePromotion($input: PromotionInput!) {
    createPromotion(input: $input) {
      promotion {
        ...PromotionFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdatePromotionDocument = graphql(`
  mutation UpdatePromotion($id: ID!, $input: PromotionInput!) {
    updatePromotion(id: $id, input: $input) {
      promotion {
        ...PromotionFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const SetPromotionActiveDocument = graphql(`
  mutation SetPromotionActive($id: ID!, $active: Boolean!) {
    setPromotionActive(id: $id, active: $active) {
      promotion {
        id
        active
        effective
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const PricingReferenceDocument = graphql(`
  query PricingReference {
    regions {
      id
      name
      nameEn
      depth
      children {
        id
        name
        nameEn
        depth
        children {
          id
          name
          nameEn
          depth
          children {
            id
            name
            nameEn
            depth
          }
        }
      }
    }
    categories {
      id
      name
      nameEn
      children {
        id
        name
        nameEn
      }
    }
    brands {
      id
      name
      nameEn
    }
  }
`);

export const ProductLookupDocument = graphql(`
  query ProductLookup($search: String!) {
    products(first: 8, filter: { search: $search }) {
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

export const PreviewQuoteDocument = graphql(`
  query PreviewQuote($input: QuoteInput!, $asDealer: PreviewDealerInput!) {
    previewQuote(input: $input, asDealer: $asDealer) {
      subtotal {
        ...MoneyFields
      }
      discountTotal {
        ...MoneyFields
      }
      total {
        ...MoneyFields
      }
      lines {
        product {
          id
          sku
          name
          nameEn
        }
        quantity
        unitPrice {
          ...MoneyFields
        }
        lineSubtotal {
          ...MoneyFields
        }
        discountTotal {
          ...MoneyFields
        }
        lineTotal {
          ...MoneyFields
        }
        isGift
        giftOf {
          id
          name
          nameEn
        }
        discounts {
          promotionId
          promotionName
          amount {
            ...MoneyFields
          }
        }
      }
      appliedPromotions {
        promotion {
          id
          code
          name
          nameEn
          type
        }
        discount {
          ...MoneyFields
        }
        giftValue {
          ...MoneyFields
        }
        benefit {
          ...MoneyFields
        }
        description
        times
      }
      notAppliedPromotions {
        promotion {
          id
          code
          name
          nameEn
          type
        }
        reason
        message
        shortfall {
          ...MoneyFields
        }
        quantityShortfall
        potentialDiscount {
          ...MoneyFields
        }
      }
    }
  }
`);
