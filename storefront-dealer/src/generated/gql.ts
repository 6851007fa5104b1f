/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment SessionUserFields on User {\n    id\n    username\n    displayName\n    role\n    dealer { id name nameEn }\n  }\n": typeof types.SessionUserFieldsFragmentDoc,
    "\n  mutation StoreLogin($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...SessionUserFields }\n    }\n  }\n": typeof types.StoreLoginDocument,
    "\n  mutation StoreRefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...SessionUserFields }\n    }\n  }\n": typeof types.StoreRefreshTokenDocument,
    "\n  mutation StoreLogout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.StoreLogoutDocument,
    "\n  fragment ProductCardFields on Product {\n    id\n    sku\n    name\n    nameEn\n    unit\n    unitEn\n    price { amount currency }\n    listPrice { amount currency }\n    availability { available inStock }\n  }\n": typeof types.ProductCardFieldsFragmentDoc,
    "\n  query StoreProducts($first: Int!, $after: String, $filter: ProductFilter, $sort: ProductSort) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...ProductCardFields } }\n    }\n  }\n": typeof types.StoreProductsDocument,
    "\n  fragment CategoryFields on Category { id name nameEn }\n": typeof types.CategoryFieldsFragmentDoc,
    "\n  query StoreCatalogFacets {\n    categories {\n      ...CategoryFields\n      children {\n        ...CategoryFields\n        children { ...CategoryFields children { ...CategoryFields } }\n      }\n    }\n    brands { id name nameEn }\n  }\n": typeof types.StoreCatalogFacetsDocument,
    "\n  query StoreProductDetail($id: ID!) {\n    product(id: $id) {\n      ...ProductCardFields\n      barcode\n      shelfLifeDays\n      traceable\n      status\n      brand { id name nameEn }\n      category {\n        ...CategoryFields\n        parent { ...CategoryFields parent { ...CategoryFields parent { ...CategoryFields } } }\n      }\n      volumeTiers { minQuantity unitPrice { amount currency } }\n      availability { available onHand reserved inStock warehouseCount }\n      stockLevels {\n        id\n        available\n        warehouse { id code name nameEn kind }\n      }\n    }\n  }\n": typeof types.StoreProductDetailDocument,
    "\n  query StoreMyCreditAccount {\n    myCreditAccount {\n      id\n      currency\n      termDays\n      status\n      limit { amount currency }\n      used { amount currency }\n      held { amount currency }\n      available { amount currency }\n      utilization\n    }\n  }\n": typeof types.StoreMyCreditAccountDocument,
    "\n  subscription StoreCreditAlertLive {\n    creditAlertRaised { id utilizationPpm thresholdPercent raisedAt }\n  }\n": typeof types.StoreCreditAlertLiveDocument,
    "\n  fragment OrderListFields on Order {\n    id\n    orderNumber\n    status\n    itemCount\n    placedAt\n    total { amount currency }\n  }\n": typeof types.OrderListFieldsFragmentDoc,
    "\n  query StoreOrders($first: Int!, $after: String, $filter: OrderFilter) {\n    orders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...OrderListFields } }\n    }\n  }\n": typeof types.StoreOrdersDocument,
    "\n  fragment OrderErrorFields on OrderError {\n    code\n    message\n    field\n    lineIndex\n    productId\n  }\n": typeof types.OrderErrorFieldsFragmentDoc,
    "\n  fragment OrderDetailFields on Order {\n    id\n    dealer { id }\n    orderNumber\n    status\n    itemCount\n    note\n    placedAt\n    updatedAt\n    subtotal { amount currency }\n    discount { amount currency }\n    total { amount currency }\n    lines {\n      id\n      lineNo\n      sku\n      productName\n      quantity\n      unitPrice { amount currency }\n      lineTotal { amount currency }\n      product { id nameEn }\n    }\n    shipments {\n      id\n      status\n      shippedAt\n      deliveredAt\n      trackingNumber\n      warehouse { id code name nameEn kind }\n      lines { quantity orderLine { id lineNo sku productName } }\n    }\n    timeline {\n      id\n      type\n      fromStatus\n      toStatus\n      actorName\n      comment\n      at\n    }\n    rejectionReasons { ...OrderErrorFields }\n  }\n": typeof types.OrderDetailFieldsFragmentDoc,
    "\n  query StoreOrderDetail($id: ID!) {\n    order(id: $id) { ...OrderDetailFields }\n  }\n": typeof types.StoreOrderDetailDocument,
    "\n  mutation StorePlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) {\n      order { ...OrderDetailFields }\n      errors { ...OrderErrorFields }\n    }\n  }\n": typeof types.StorePlaceOrderDocument,
    "\n  mutation StoreCancelOrder($id: ID!, $reason: String) {\n    cancelOrder(id: $id, reason: $reason) {\n      order { ...OrderDetailFields }\n      errors { ...OrderErrorFields }\n    }\n  }\n": typeof types.StoreCancelOrderDocument,
    "\n  query StoreParseOrderLines($text: String!) {\n    parseOrderLines(text: $text) {\n      lines { sku quantity productId productName row }\n      errors { row code message }\n    }\n  }\n": typeof types.StoreParseOrderLinesDocument,
    "\n  subscription StoreOrderStatusLive {\n    orderStatusChanged {\n      id\n      orderNumber\n      status\n      updatedAt\n    }\n  }\n": typeof types.StoreOrderStatusLiveDocument,
    "\n  query StoreActivePromotions {\n    activePromotions {\n      id\n      code\n      name\n      nameEn\n      description\n      type\n      validTo\n    }\n  }\n": typeof types.StoreActivePromotionsDocument,
    "\n  fragment QuoteLineFields on QuoteLine {\n    quantity\n    isGift\n    unitPrice { amount currency }\n    listUnitPrice { amount currency }\n    lineSubtotal { amount currency }\n    discountTotal { amount currency }\n    lineTotal { amount currency }\n    giftValue { amount currency }\n    giftOf { id name nameEn }\n    discounts { promotionId promotionName promotionType promotion { id nameEn } amount { amount currency } }\n    appliedTierMinQuantity\n    product {\n      id\n      sku\n      name\n      nameEn\n      unit\n      unitEn\n      salesRegionIds\n      availability { available }\n    }\n  }\n": typeof types.QuoteLineFieldsFragmentDoc,
    "\n  query StoreCartQuote($input: QuoteInput!) {\n    quote(input: $input) {\n      currency\n      pricedAt\n      regionId\n      subtotal { amount currency }\n      discountTotal { amount currency }\n      total { amount currency }\n      lines { ...QuoteLineFields }\n      appliedPromotions {\n        promotion { id name nameEn type }\n        discount { amount currency }\n        giftValue { amount currency }\n        benefit { amount currency }\n        threshold { amount currency }\n        thresholdQuantity\n        percentOff\n        times\n      }\n      notAppliedPromotions {\n        promotion { id name nameEn type }\n        reason\n        shortfall { amount currency }\n        quantityShortfall\n        potentialDiscount { amount currency }\n        lostTo { id name nameEn }\n      }\n    }\n  }\n": typeof types.StoreCartQuoteDocument,
    "\n  query StoreMyRegionPath {\n    me {\n      id\n      dealer {\n        id\n        region { id parent { id parent { id parent { id parent { id } } } } }\n      }\n    }\n  }\n": typeof types.StoreMyRegionPathDocument,
};
const documents: Documents = {
    "\n  fragment SessionUserFields on User {\n    id\n    username\n    displayName\n    role\n    dealer { id name nameEn }\n  }\n": types.SessionUserFieldsFragmentDoc,
    "\n  mutation StoreLogin($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...SessionUserFields }\n    }\n  }\n": types.StoreLoginDocument,
    "\n  mutation StoreRefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...SessionUserFields }\n    }\n  }\n": types.StoreRefreshTokenDocument,
    "\n  mutation StoreLogout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.StoreLogoutDocument,
    "\n  fragment ProductCardFields on Product {\n    id\n    sku\n    name\n    nameEn\n    unit\n    unitEn\n    price { amount currency }\n    listPrice { amount currency }\n    availability { available inStock }\n  }\n": types.ProductCardFieldsFragmentDoc,
    "\n  query StoreProducts($first: Int!, $after: String, $filter: ProductFilter, $sort: ProductSort) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...ProductCardFields } }\n    }\n  }\n": types.StoreProductsDocument,
    "\n  fragment CategoryFields on Category { id name nameEn }\n": types.CategoryFieldsFragmentDoc,
    "\n  query StoreCatalogFacets {\n    categories {\n      ...CategoryFields\n      children {\n        ...CategoryFields\n        children { ...CategoryFields children { ...CategoryFields } }\n      }\n    }\n    brands { id name nameEn }\n  }\n": types.StoreCatalogFacetsDocument,
    "\n  query StoreProductDetail($id: ID!) {\n    product(id: $id) {\n      ...ProductCardFields\n      barcode\n      shelfLifeDays\n      traceable\n      status\n      brand { id name nameEn }\n      category {\n        ...CategoryFields\n        parent { ...CategoryFields parent { ...CategoryFields parent { ...CategoryFields } } }\n      }\n      volumeTiers { minQuantity unitPrice { amount currency } }\n      availability { available onHand reserved inStock warehouseCount }\n      stockLevels {\n        id\n        available\n        warehouse { id code name nameEn kind }\n      }\n    }\n  }\n": types.StoreProductDetailDocument,
    "\n  query StoreMyCreditAccount {\n    myCreditAccount {\n      id\n      currency\n      termDays\n      status\n      limit { amount currency }\n      used { amount currency }\n      held { amount currency }\n      available { amount currency }\n      utilization\n    }\n  }\n": types.StoreMyCreditAccountDocument,
    "\n  subscription StoreCreditAlertLive {\n    creditAlertRaised { id utilizationPpm thresholdPercent raisedAt }\n  }\n": types.StoreCreditAlertLiveDocument,
    "\n  fragment OrderListFields on Order {\n    id\n    orderNumber\n    status\n    itemCount\n    placedAt\n    total { amount currency }\n  }\n": types.OrderListFieldsFragmentDoc,
    "\n  query StoreOrders($first: Int!, $after: String, $filter: OrderFilter) {\n    orders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...OrderListFields } }\n    }\n  }\n": types.StoreOrdersDocument,
    "\n  fragment OrderErrorFields on OrderError {\n    code\n    message\n    field\n    lineIndex\n    productId\n  }\n": types.OrderErrorFieldsFragmentDoc,
    "\n  fragment OrderDetailFields on Order {\n    id\n    dealer { id }\n    orderNumber\n    status\n    itemCount\n    note\n    placedAt\n    updatedAt\n    subtotal { amount currency }\n    discount { amount currency }\n    total { amount currency }\n    lines {\n      id\n      lineNo\n      sku\n      productName\n      quantity\n      unitPrice { amount currency }\n      lineTotal { amount currency }\n      product { id nameEn }\n    }\n    shipments {\n      id\n      status\n      shippedAt\n      deliveredAt\n      trackingNumber\n      warehouse { id code name nameEn kind }\n      lines { quantity orderLine { id lineNo sku productName } }\n    }\n    timeline {\n      id\n      type\n      fromStatus\n      toStatus\n      actorName\n      comment\n      at\n    }\n    rejectionReasons { ...OrderErrorFields }\n  }\n": types.OrderDetailFieldsFragmentDoc,
    "\n  query StoreOrderDetail($id: ID!) {\n    order(id: $id) { ...OrderDetailFields }\n  }\n": types.StoreOrderDetailDocument,
    "\n  mutation StorePlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) {\n      order { ...OrderDetailFields }\n      errors { ...OrderErrorFields }\n    }\n  }\n": types.StorePlaceOrderDocument,
    "\n  mutation StoreCancelOrder($id: ID!, $reason: String) {\n    cancelOrder(id: $id, reason: $reason) {\n      order { ...OrderDetailFields }\n      errors { ...OrderErrorFields }\n    }\n  }\n": types.StoreCancelOrderDocument,
    "\n  query StoreParseOrderLines($text: String!) {\n    parseOrderLines(text: $text) {\n      lines { sku quantity productId productName row }\n      errors { row code message }\n    }\n  }\n": types.StoreParseOrderLinesDocument,
    "\n  subscription StoreOrderStatusLive {\n    orderStatusChanged {\n      id\n      orderNumber\n      status\n      updatedAt\n    }\n  }\n": types.StoreOrderStatusLiveDocument,
    "\n  query StoreActivePromotions {\n    activePromotions {\n      id\n      code\n      name\n      nameEn\n      description\n      type\n      validTo\n    }\n  }\n": types.StoreActivePromotionsDocument,
    "\n  fragment QuoteLineFields on QuoteLine {\n    quantity\n    isGift\n    unitPrice { amount currency }\n    listUnitPrice { amount currency }\n    lineSubtotal { amount currency }\n    discountTotal { amount currency }\n    lineTotal { amount currency }\n    giftValue { amount currency }\n    giftOf { id name nameEn }\n    discounts { promotionId promotionName promotionType promotion { id nameEn } amount { amount currency } }\n    appliedTierMinQuantity\n    product {\n      id\n      sku\n      name\n      nameEn\n      unit\n      unitEn\n      salesRegionIds\n      availability { available }\n    }\n  }\n": types.QuoteLineFieldsFragmentDoc,
    "\n  query StoreCartQuote($input: QuoteInput!) {\n    quote(input: $input) {\n      currency\n      pricedAt\n      regionId\n      subtotal { amount currency }\n      discountTotal { amount currency }\n      total { amount currency }\n      lines { ...QuoteLineFields }\n      appliedPromotions {\n        promotion { id name nameEn type }\n        discount { amount currency }\n        giftValue { amount currency }\n        benefit { amount currency }\n        threshold { amount currency }\n        thresholdQuantity\n        percentOff\n        times\n      }\n      notAppliedPromotions {\n        promotion { id name nameEn type }\n        reason\n        shortfall { amount currency }\n        quantityShortfall\n        potentialDiscount { amount currency }\n        lostTo { id name nameEn }\n      }\n    }\n  }\n": types.StoreCartQuoteDocument,
    "\n  query StoreMyRegionPath {\n    me {\n      id\n      dealer {\n        id\n        region { id parent { id parent { id parent { id parent { id } } } } }\n      }\n    }\n  }\n": types.StoreMyRegionPathDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionUserFields on User {\n    id\n    username\n    displayName\n    role\n    dealer { id name nameEn }\n  }\n"): (typeof documents)["\n  fragment SessionUserFields on User {\n    id\n    username\n    displayName\n    role\n    dealer { id name nameEn }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StoreLogin($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...SessionUserFields }\n    }\n  }\n"): (typeof documents)["\n  mutation StoreLogin($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...SessionUserFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StoreRefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...SessionUserFields }\n    }\n  }\n"): (typeof documents)["\n  mutation StoreRefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...SessionUserFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StoreLogout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation StoreLogout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProductCardFields on Product {\n    id\n    sku\n    name\n    nameEn\n    unit\n    unitEn\n    price { amount currency }\n    listPrice { amount currency }\n    availability { available inStock }\n  }\n"): (typeof documents)["\n  fragment ProductCardFields on Product {\n    id\n    sku\n    name\n    nameEn\n    unit\n    unitEn\n    price { amount currency }\n    listPrice { amount currency }\n    availability { available inStock }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreProducts($first: Int!, $after: String, $filter: ProductFilter, $sort: ProductSort) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...ProductCardFields } }\n    }\n  }\n"): (typeof documents)["\n  query StoreProducts($first: Int!, $after: String, $filter: ProductFilter, $sort: ProductSort) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...ProductCardFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CategoryFields on Category { id name nameEn }\n"): (typeof documents)["\n  fragment CategoryFields on Category { id name nameEn }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreCatalogFacets {\n    categories {\n      ...CategoryFields\n      children {\n        ...CategoryFields\n        children { ...CategoryFields children { ...CategoryFields } }\n      }\n    }\n    brands { id name nameEn }\n  }\n"): (typeof documents)["\n  query StoreCatalogFacets {\n    categories {\n      ...CategoryFields\n      children {\n        ...CategoryFields\n        children { ...CategoryFields children { ...CategoryFields } }\n      }\n    }\n    brands { id name nameEn }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreProductDetail($id: ID!) {\n    product(id: $id) {\n      ...ProductCardFields\n      barcode\n      shelfLifeDays\n      traceable\n      status\n      brand { id name nameEn }\n      category {\n        ...CategoryFields\n        parent { ...CategoryFields parent { ...CategoryFields parent { ...CategoryFields } } }\n      }\n      volumeTiers { minQuantity unitPrice { amount currency } }\n      availability { available onHand reserved inStock warehouseCount }\n      stockLevels {\n        id\n        available\n        warehouse { id code name nameEn kind }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StoreProductDetail($id: ID!) {\n    product(id: $id) {\n      ...ProductCardFields\n      barcode\n      shelfLifeDays\n      traceable\n      status\n      brand { id name nameEn }\n      category {\n        ...CategoryFields\n        parent { ...CategoryFields parent { ...CategoryFields parent { ...CategoryFields } } }\n      }\n      volumeTiers { minQuantity unitPrice { amount currency } }\n      availability { available onHand reserved inStock warehouseCount }\n      stockLevels {\n        id\n        available\n        warehouse { id code name nameEn kind }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreMyCreditAccount {\n    myCreditAccount {\n      id\n      currency\n      termDays\n      status\n      limit { amount currency }\n      used { amount currency }\n      held { amount currency }\n      available { amount currency }\n      utilization\n    }\n  }\n"): (typeof documents)["\n  query StoreMyCreditAccount {\n    myCreditAccount {\n      id\n      currency\n      termDays\n      status\n      limit { amount currency }\n      used { amount currency }\n      held { amount currency }\n      available { amount currency }\n      utilization\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StoreCreditAlertLive {\n    creditAlertRaised { id utilizationPpm thresholdPercent raisedAt }\n  }\n"): (typeof documents)["\n  subscription StoreCreditAlertLive {\n    creditAlertRaised { id utilizationPpm thresholdPercent raisedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderListFields on Order {\n    id\n    orderNumber\n    status\n    itemCount\n    placedAt\n    total { amount currency }\n  }\n"): (typeof documents)["\n  fragment OrderListFields on Order {\n    id\n    orderNumber\n    status\n    itemCount\n    placedAt\n    total { amount currency }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreOrders($first: Int!, $after: String, $filter: OrderFilter) {\n    orders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...OrderListFields } }\n    }\n  }\n"): (typeof documents)["\n  query StoreOrders($first: Int!, $after: String, $filter: OrderFilter) {\n    orders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...OrderListFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderErrorFields on OrderError {\n    code\n    message\n    field\n    lineIndex\n    productId\n  }\n"): (typeof documents)["\n  fragment OrderErrorFields on OrderError {\n    code\n    message\n    field\n    lineIndex\n    productId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderDetailFields on Order {\n    id\n    dealer { id }\n    orderNumber\n    status\n    itemCount\n    note\n    placedAt\n    updatedAt\n    subtotal { amount currency }\n    discount { amount currency }\n    total { amount currency }\n    lines {\n      id\n      lineNo\n      sku\n      productName\n      quantity\n      unitPrice { amount currency }\n      lineTotal { amount currency }\n      product { id nameEn }\n    }\n    shipments {\n      id\n      status\n      shippedAt\n      deliveredAt\n      trackingNumber\n      warehouse { id code name nameEn kind }\n      lines { quantity orderLine { id lineNo sku productName } }\n    }\n    timeline {\n      id\n      type\n      fromStatus\n      toStatus\n      actorName\n      comment\n      at\n    }\n    rejectionReasons { ...OrderErrorFields }\n  }\n"): (typeof documents)["\n  fragment OrderDetailFields on Order {\n    id\n    dealer { id }\n    orderNumber\n    status\n    itemCount\n    note\n    placedAt\n    updatedAt\n    subtotal { amount currency }\n    discount { amount currency }\n    total { amount currency }\n    lines {\n      id\n      lineNo\n      sku\n      productName\n      quantity\n      unitPrice { amount currency }\n      lineTotal { amount currency }\n      product { id nameEn }\n    }\n    shipments {\n      id\n      status\n      shippedAt\n      deliveredAt\n      trackingNumber\n      warehouse { id code name nameEn kind }\n      lines { quantity orderLine { id lineNo sku productName } }\n    }\n    timeline {\n      id\n      type\n      fromStatus\n      toStatus\n      actorName\n      comment\n      at\n    }\n    rejectionReasons { ...OrderErrorFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreOrderDetail($id: ID!) {\n    order(id: $id) { ...OrderDetailFields }\n  }\n"): (typeof documents)["\n  query StoreOrderDetail($id: ID!) {\n    order(id: $id) { ...OrderDetailFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StorePlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) {\n      order { ...OrderDetailFields }\n      errors { ...OrderErrorFields }\n    }\n  }\n"): (typeof documents)["\n  mutation StorePlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) {\n      order { ...OrderDetailFields }\n      errors { ...OrderErrorFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StoreCancelOrder($id: ID!, $reason: String) {\n    cancelOrder(id: $id, reason: $reason) {\n      order { ...OrderDetailFields }\n      errors { ...OrderErrorFields }\n    }\n  }\n"): (typeof documents)["\n  mutation StoreCancelOrder($id: ID!, $reason: String) {\n    cancelOrder(id: $id, reason: $reason) {\n      order { ...OrderDetailFields }\n      errors { ...OrderErrorFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreParseOrderLines($text: String!) {\n    parseOrderLines(text: $text) {\n      lines { sku quantity productId productName row }\n      errors { row code message }\n    }\n  }\n"): (typeof documents)["\n  query StoreParseOrderLines($text: String!) {\n    parseOrderLines(text: $text) {\n      lines { sku quantity productId productName row }\n      errors { row code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StoreOrderStatusLive {\n    orderStatusChanged {\n      id\n      orderNumber\n      status\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  subscription StoreOrderStatusLive {\n    orderStatusChanged {\n      id\n      orderNumber\n      status\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreActivePromotions {\n    activePromotions {\n      id\n      code\n      name\n      nameEn\n      description\n      type\n      validTo\n    }\n  }\n"): (typeof documents)["\n  query StoreActivePromotions {\n    activePromotions {\n      id\n      code\n      name\n      nameEn\n      description\n      type\n      validTo\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuoteLineFields on QuoteLine {\n    quantity\n    isGift\n    unitPrice { amount currency }\n    listUnitPrice { amount currency }\n    lineSubtotal { amount currency }\n    discountTotal { amount currency }\n    lineTotal { amount currency }\n    giftValue { amount currency }\n    giftOf { id name nameEn }\n    discounts { promotionId promotionName promotionType promotion { id nameEn } amount { amount currency } }\n    appliedTierMinQuantity\n    product {\n      id\n      sku\n      name\n      nameEn\n      unit\n      unitEn\n      salesRegionIds\n      availability { available }\n    }\n  }\n"): (typeof documents)["\n  fragment QuoteLineFields on QuoteLine {\n    quantity\n    isGift\n    unitPrice { amount currency }\n    listUnitPrice { amount currency }\n    lineSubtotal { amount currency }\n    discountTotal { amount currency }\n    lineTotal { amount currency }\n    giftValue { amount currency }\n    giftOf { id name nameEn }\n    discounts { promotionId promotionName promotionType promotion { id nameEn } amount { amount currency } }\n    appliedTierMinQuantity\n    product {\n      id\n      sku\n      name\n      nameEn\n      unit\n      unitEn\n      salesRegionIds\n      availability { available }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreCartQuote($input: QuoteInput!) {\n    quote(input: $input) {\n      currency\n      pricedAt\n      regionId\n      subtotal { amount currency }\n      discountTotal { amount currency }\n      total { amount currency }\n      lines { ...QuoteLineFields }\n      appliedPromotions {\n        promotion { id name nameEn type }\n        discount { amount currency }\n        giftValue { amount currency }\n        benefit { amount currency }\n        threshold { amount currency }\n        thresholdQuantity\n        percentOff\n        times\n      }\n      notAppliedPromotions {\n        promotion { id name nameEn type }\n        reason\n        shortfall { amount currency }\n        quantityShortfall\n        potentialDiscount { amount currency }\n        lostTo { id name nameEn }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StoreCartQuote($input: QuoteInput!) {\n    quote(input: $input) {\n      currency\n      pricedAt\n      regionId\n      subtotal { amount currency }\n      discountTotal { amount currency }\n      total { amount currency }\n      lines { ...QuoteLineFields }\n      appliedPromotions {\n        promotion { id name nameEn type }\n        discount { amount currency }\n        giftValue { amount currency }\n        benefit { amount currency }\n        threshold { amount currency }\n        thresholdQuantity\n        percentOff\n        times\n      }\n      notAppliedPromotions {\n        promotion { id name nameEn type }\n        reason\n        shortfall { amount currency }\n        quantityShortfall\n        potentialDiscount { amount currency }\n        lostTo { id name nameEn }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StoreMyRegionPath {\n    me {\n      id\n      dealer {\n        id\n        region { id parent { id parent { id parent { id parent { id } } } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StoreMyRegionPath {\n    me {\n      id\n      dealer {\n        id\n        region { id parent { id parent { id parent { id parent { id } } } } }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;