import { graphql } from '@/generated';

// Master data (§17): products, categories and brands (products subgraph); warehouses and safety
// stock with the CSV import (inventory subgraph). Refusals come back in each payload's `errors`.

export const CategoryNodeFieldsFragment = graphql(`
  fragment CategoryNodeFields on Category {
    id
    code
    name
    nameEn
    depth
    position
    version
    active
  }
`);

/** Categories four levels deep, brands (with inactive ones) and regions, for the forms' pickers. */
export const MasterDataReferenceDocument = graphql(`
  query MasterDataReference {
    categories {
      ...CategoryNodeFields
      children {
        ...CategoryNodeFields
        children {
          ...CategoryNodeFields
          children {
            ...CategoryNodeFields
          }
        }
      }
    }
    brands {
      id
      code
      name
      nameEn
      active
    }
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
  }
`);

export const CatalogProductsDocument = graphql(`
  query CatalogProducts($first: Int!, $after: String, $filter: ProductFilter) {
    products(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          sku
          name
          nameEn
          barcode
          status
          updatedAt
          brand {
            id
            name
            nameEn
          }
          category {
            id
            name
            nameEn
          }
        }
      }
    }
  }
`);

export const MasterProductFieldsFragment = graphql(`
  fragment MasterProductFields on Product {
    id
    sku
    name
    nameEn
    unit
    unitEn
    barcode
    taxClass
    shelfLifeDays
    traceable
    status
    version
    retiredAt
    salesRegionIds
    updatedAt
    brand {
      id
    }
    category {
      id
      name
      nameEn
    }
    images {
      id
      position
      width
      height
      thumb: url(width: W160)
    }
  }
`);

export const MasterProductDocument = graphql(`
  query MasterProduct($id: ID!) {
    product(id: $id) {
      ...MasterProductFields
    }
  }
`);

export const CreateProductDocument = graphql(`
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      product {
        ...MasterProductFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateProductDocument = graphql(`
  mutation UpdateProduct($input: UpdateProductInput!) {
    updateProduct(input: $input) {
      product {
        ...MasterProductFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const RetireProductDocument = graphql(`
  mutation RetireProduct($id: ID!, $reason: String!) {
    retireProduct(id: $id, reason: $reason) {
      product {
        ...MasterProductFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const AttachProductImagesDocument = graphql(`
  mutation AttachProductImages($productId: ID!, $uploadIds: [ID!]!) {
    attachProductImages(productId: $productId, uploadIds: $uploadIds) {
      product {
        ...MasterProductFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const RemoveProductImageDocument = graphql(`
  mutation RemoveProductImage($imageId: ID!) {
    removeProductImage(imageId: $imageId) {
      product {
        ...MasterProductFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ReorderProductImagesDocument = graphql(`
  mutation ReorderProductImages($productId: ID!, $imageIds: [ID!]!) {
    reorderProductImages(productId: $productId, imageIds: $imageIds) {
      product {
        ...MasterProductFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const CreateCategoryDocument = graphql(`
  mutation CreateCategory($input: CategoryInput!) {
    createCategory(input: $input) {
      category {
        ...CategoryNodeFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateCategoryDocument = graphql(`
  mutation UpdateCategory($id: ID!, $input: CategoryInput!) {
    updateCategory(id: $id, input: $input) {
      category {
        ...CategoryNodeFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const MoveCategoryDocument = graphql(`
  mutation MoveCategory($id: ID!, $parentId: ID, $position: Int, $expectedVersion: Int) {
    moveCategory(id: $id, parentId: $parentId, position: $position, expectedVersion: $expectedVersion) {
      category {
        ...CategoryNodeFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const CreateBrandDocument = graphql(`
  mutation CreateBrand($input: BrandInput!) {
    createBrand(input: $input) {
      brand {
        id
        code
        name
        nameEn
        active
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateBrandDocument = graphql(`
  mutation UpdateBrand($id: ID!, $input: BrandInput!) {
    updateBrand(id: $id, input: $input) {
      brand {
        id
        code
        name
        nameEn
        active
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const AdminWarehouseFieldsFragment = graphql(`
  fragment AdminWarehouseFields on Warehouse {
    id
    code
    name
    nameEn
    kind
    active
    version
    address
    deactivatedAt
    deactivatedReason
    region {
      id
      name
      nameEn
    }
    dealer {
      id
      code
      name
      nameEn
    }
  }
`);

export const AdminWarehousesDocument = graphql(`
  query AdminWarehouses {
    warehouses {
      ...AdminWarehouseFields
    }
  }
`);

export const CreateWarehouseDocument = graphql(`
  mutation CreateWarehouse($input: CreateWarehouseInput!) {
    createWarehouse(input: $input) {
      warehouse {
        ...AdminWarehouseFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateWarehouseDocument = graphql(`
  mutation UpdateWarehouse($input: UpdateWarehouseInput!) {
    updateWarehouse(input: $input) {
      warehouse {
        ...AdminWarehouseFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const SetWarehouseActiveDocument = graphql(`
  mutation SetWarehouseActive($id: ID!, $active: Boolean!, $reason: String!) {
    setWarehouseActive(id: $id, active: $active, reason: $reason) {
      warehouse {
        ...AdminWarehouseFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const SafetyStockLevelsDocument = graphql(`
  query SafetyStockLevels($first: Int!, $after: String, $filter: StockLevelFilter) {
    stockLevels(first: $first, after: $after, filter: $filter, sort: PRODUCT_ASC) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          onHand
          available
          safetyStock
          belowSafetyStock
          version
          product {
            id
            sku
            name
            nameEn
          }
          warehouse {
            id
          }
        }
      }
    }
  }
`);

export const SetSafetyStockDocument = graphql(`
  mutation SetSafetyStock($input: SetSafetyStockInput!) {
    setSafetyStock(input: $input) {
      stockLevel {
        id
        safetyStock
        belowSafetyStock
        version
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const StockImportFieldsFragment = graphql(`
  fragment StockImportFields on StockImport {
    id
    fileName
    status
    totalLines
    goodLines
    badLines
    appliedLines
    createdAt
    completedAt
  }
`);

export const ImportSafetyStockDocument = graphql(`
  mutation ImportSafetyStock($input: ImportSafetyStockInput!) {
    importSafetyStock(input: $input) {
      import {
        ...StockImportFields
      }
      duplicateOf {
        ...StockImportFields
      }
      errors {
        code
        message
        line
        column
      }
    }
  }
`);

export const StockImportDocument = graphql(`
  query StockImport($id: ID!) {
    stockImport(id: $id) {
      ...StockImportFields
    }
  }
`);
