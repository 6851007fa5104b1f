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
      amount
      currency
    }
    listUnitPrice {
      amount
      currency
    }
    lineSubtotal {
      amount
      currency
    }
    discountTotal {
      amount
      currency
    }
    lineTotal {
      amount
      currency
    }
    giftValue {
      amount
      currency
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
        amount
        currency
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
        amount
        currency
      }
      discountTotal {
        amount
        currency
      }
      total {
        amount
        currency
      }
      lines {
        ...QuoteLineFields
      }
      appliedPromotions {
        promotion {
          id
          name
          nameEn
          type
        }
        discount {
          amount
          currency
        }
        giftValue {
          amount
          currency
        }
        benefit {
          amount
          currency
        }
        threshold {
          amount
          currency
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
          amount
          currency
        }
        quantityShortfall
        potentialDiscount {
          amount
          currency
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
