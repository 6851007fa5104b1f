import { graphql } from '@/generated';

export const ProductCardFields = graphql(`
  fragment ProductCardFields on Product {
    id
    sku
    name
    nameEn
    unit
    unitEn
    price {
      ...StoreMoney
    }
    listPrice {
      ...StoreMoney
    }
    availability {
      available
      inStock
    }
  }
`);

export const ProductsQuery = graphql(`
  query StoreProducts($first: Int!, $after: String, $filter: ProductFilter, $sort: ProductSort) {
    products(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...ProductCardFields
        }
      }
    }
  }
`);

export const CategoryFields = graphql(`
  fragment CategoryFields on Category {
    id
    name
    nameEn
  }
`);

/** The category tree, three levels deep (the catalogue has two). */
export const CatalogFacetsQuery = graphql(`
  query StoreCatalogFacets {
    categories {
      ...CategoryFields
      children {
        ...CategoryFields
        children {
          ...CategoryFields
          children {
            ...CategoryFields
          }
        }
      }
    }
    brands {
      id
      name
      nameEn
    }
  }
`);

export const ProductDetailQuery = graphql(`
  query StoreProductDetail($id: ID!) {
    product(id: $id) {
      ...ProductCardFields
      barcode
      shelfLifeDays
      traceable
      status
      brand {
        id
        name
        nameEn
      }
      category {
        ...CategoryFields
        parent {
          ...CategoryFields
          parent {
            ...CategoryFields
            parent {
              ...CategoryFields
            }
          }
        }
      }
      volumeTiers {
        minQuantity
        unitPrice {
          ...StoreMoney
        }
      }
      availability {
        available
        onHand
        reserved
        inStock
        warehouseCount
      }
      stockLevels {
        id
        available
        warehouse {
          id
          code
          name
          nameEn
          kind
        }
      }
    }
  }
`);

/**
 * Live availability of the products on screen: each stock change of one of them, re-read by the
 * gateway as the viewer, carries the product's availability exactly as the pages query it (summed
 * over the warehouses the dealer may order from) and the changed level's own figure.
 */
export const StockLiveSubscription = graphql(`
  subscription StoreStockLive($productIds: [ID!]) {
    stockChanged(productIds: $productIds) {
      id
      available
      product {
        id
        availability {
          available
          onHand
          reserved
          inStock
          warehouseCount
        }
      }
    }
  }
`);
