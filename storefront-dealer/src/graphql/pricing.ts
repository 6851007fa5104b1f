import { graphql } from '@/generated';

/** Promotions running for the signed-in dealer (home banners). */
export const ActivePromotionsQuery = graphql(`
  query StoreActivePromotions {
    activePromotions {
      id
      code
      name
      nameEn
      description
      type
      validTo
    }
  }
`);

export const QuoteLineFields = graphql(`
  fragment QuoteLineFields on QuoteLine {
    quantity
    isGift
    unitPrice {
      ...StoreMoney
    }
    listUnitPrice {
      ...StoreMoney
    }
    lineSubtotal {
      ...StoreMoney
    }
    discountTotal {
      ...StoreMoney
    }
    lineTotal {
      ...StoreMoney
    }
    giftValue {
      ...StoreMoney
    }
    giftOf {
      id
      name
      nameEn
    }
    discounts {
      promotionId
      promotionName
      promotionType
      promotion {
        id
        nameEn
      }
      amount {
        ...StoreMoney
      }
    }
    appliedTierMinQuantity
    product {
      id
      sku
      name
      nameEn
      unit
      unitEn
      salesRegionIds
      availability {
        available
      }
    }
  }
`);

/** The server-side price of the cart: every figure the cart shows comes from here. */
export const CartQuoteQuery = graphql(`
  query StoreCartQuote($input: QuoteInput!) {
    quote(input: $input) {
      currency
      pricedAt
      regionId
      subtotal {
        ...StoreMoney
      }
      discountTotal {
        ...StoreMoney
      }
      total {
        ...StoreMoney
      }
      lines {
        ...QuoteLineFields
      }
      rebate {
        cap {
          ...StoreMoney
        }
        requested {
          ...StoreMoney
        }
        applied {
          ...StoreMoney
        }
        payable {
          ...StoreMoney
        }
        balance {
          ...StoreMoney
        }
        code
      }
      appliedPromotions {
        promotion {
          id
          name
          nameEn
          type
        }
        discount {
          ...StoreMoney
        }
        giftValue {
          ...StoreMoney
        }
        benefit {
          ...StoreMoney
        }
        threshold {
          ...StoreMoney
        }
        thresholdQuantity
        percentOff
        times
      }
      notAppliedPromotions {
        promotion {
          id
          name
          nameEn
          type
        }
        reason
        shortfall {
          ...StoreMoney
        }
        quantityShortfall
        potentialDiscount {
          ...StoreMoney
        }
        lostTo {
          id
          name
          nameEn
        }
      }
    }
  }
`);

/** The dealer's region and its ancestors (a product sold in "reg_east" may be sold to a Nanjing dealer). */
export const MyRegionPathQuery = graphql(`
  query StoreMyRegionPath {
    me {
      id
      dealer {
        id
        region {
          id
          parent {
            id
            parent {
              id
              parent {
                id
                parent {
                  id
                }
              }
            }
          }
        }
      }
    }
  }
`);
