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
    "\n  fragment ViewerFields on User {\n    id\n    username\n    displayName\n    role\n    dealer { id name nameEn }\n    region { id name nameEn }\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...ViewerFields }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...ViewerFields }\n    }\n  }\n": typeof types.RefreshTokenDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  fragment DealerNodeFields on Dealer {\n    id\n    code\n    name\n    nameEn\n    level\n    grade\n    status\n    region { id name nameEn }\n  }\n": typeof types.DealerNodeFieldsFragmentDoc,
    "\n  query DealerTree {\n    dealerTree {\n      ...DealerNodeFields\n      children {\n        ...DealerNodeFields\n        children { id }\n      }\n    }\n  }\n": typeof types.DealerTreeDocument,
    "\n  query DealerChildren($id: ID!) {\n    dealer(id: $id) {\n      id\n      children {\n        ...DealerNodeFields\n        children { id }\n      }\n    }\n  }\n": typeof types.DealerChildrenDocument,
    "\n  query DealerSearch($search: String!, $first: Int!, $after: String) {\n    dealers(filter: { search: $search }, first: $first, after: $after, sort: CODE_ASC) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          ...DealerNodeFields\n          parent { id name nameEn }\n        }\n      }\n    }\n  }\n": typeof types.DealerSearchDocument,
    "\n  query DealerProfile($id: ID!) {\n    dealer(id: $id) {\n      ...DealerNodeFields\n      contactName\n      contactPhone\n      joinedAt\n      parent { id code name nameEn level }\n      authorizedRegions { id name nameEn }\n      qualifications { id kind number issuer validUntil expired expiresInDays }\n      healthScore\n      salesStats {\n        orderCount\n        totalAmount { amount currency }\n        last90DaysAmount { amount currency }\n        lastOrderAt\n      }\n      paymentStats {\n        onTimeRate\n        overdueAmount { amount currency }\n        creditUtilization\n      }\n      creditAccount {\n        id\n        status\n        termDays\n        utilization\n        limit { amount currency }\n        used { amount currency }\n        held { amount currency }\n        available { amount currency }\n      }\n      orders(first: 10, sort: NEWEST) {\n        totalCount\n        edges {\n          node {\n            id\n            orderNumber\n            status\n            itemCount\n            placedAt\n            total { amount currency }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DealerProfileDocument,
    "\n  query Warehouses {\n    warehouses {\n      id\n      code\n      name\n      nameEn\n      kind\n      active\n      region { id name nameEn }\n    }\n  }\n": typeof types.WarehousesDocument,
    "\n  query StockLevels($first: Int!, $after: String, $filter: StockLevelFilter, $sort: StockLevelSort) {\n    stockLevels(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id\n          onHand\n          reserved\n          available\n          safetyStock\n          belowSafetyStock\n          updatedAt\n          product { id sku name nameEn unit unitEn }\n          warehouse { id name nameEn kind }\n        }\n      }\n    }\n  }\n": typeof types.StockLevelsDocument,
    "\n  query SalesTrend($granularity: TrendGranularity!) {\n    salesTrend(granularity: $granularity) {\n      periodStart\n      label\n      orderCount\n      amount { amount currency }\n    }\n  }\n": typeof types.SalesTrendDocument,
    "\n  query SalesByRegion {\n    salesByRegion(level: SALES_REGION) {\n      region { id name nameEn }\n      orderCount\n      amount { amount currency }\n    }\n  }\n": typeof types.SalesByRegionDocument,
    "\n  query DashboardCounts {\n    orderStatusCounts { status count }\n    belowSafety: stockLevels(first: 0, filter: { belowSafetyStock: true }) { totalCount }\n  }\n": typeof types.DashboardCountsDocument,
};
const documents: Documents = {
    "\n  fragment ViewerFields on User {\n    id\n    username\n    displayName\n    role\n    dealer { id name nameEn }\n    region { id name nameEn }\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...ViewerFields }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...ViewerFields }\n    }\n  }\n": types.RefreshTokenDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  fragment DealerNodeFields on Dealer {\n    id\n    code\n    name\n    nameEn\n    level\n    grade\n    status\n    region { id name nameEn }\n  }\n": types.DealerNodeFieldsFragmentDoc,
    "\n  query DealerTree {\n    dealerTree {\n      ...DealerNodeFields\n      children {\n        ...DealerNodeFields\n        children { id }\n      }\n    }\n  }\n": types.DealerTreeDocument,
    "\n  query DealerChildren($id: ID!) {\n    dealer(id: $id) {\n      id\n      children {\n        ...DealerNodeFields\n        children { id }\n      }\n    }\n  }\n": types.DealerChildrenDocument,
    "\n  query DealerSearch($search: String!, $first: Int!, $after: String) {\n    dealers(filter: { search: $search }, first: $first, after: $after, sort: CODE_ASC) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          ...DealerNodeFields\n          parent { id name nameEn }\n        }\n      }\n    }\n  }\n": types.DealerSearchDocument,
    "\n  query DealerProfile($id: ID!) {\n    dealer(id: $id) {\n      ...DealerNodeFields\n      contactName\n      contactPhone\n      joinedAt\n      parent { id code name nameEn level }\n      authorizedRegions { id name nameEn }\n      qualifications { id kind number issuer validUntil expired expiresInDays }\n      healthScore\n      salesStats {\n        orderCount\n        totalAmount { amount currency }\n        last90DaysAmount { amount currency }\n        lastOrderAt\n      }\n      paymentStats {\n        onTimeRate\n        overdueAmount { amount currency }\n        creditUtilization\n      }\n      creditAccount {\n        id\n        status\n        termDays\n        utilization\n        limit { amount currency }\n        used { amount currency }\n        held { amount currency }\n        available { amount currency }\n      }\n      orders(first: 10, sort: NEWEST) {\n        totalCount\n        edges {\n          node {\n            id\n            orderNumber\n            status\n            itemCount\n            placedAt\n            total { amount currency }\n          }\n        }\n      }\n    }\n  }\n": types.DealerProfileDocument,
    "\n  query Warehouses {\n    warehouses {\n      id\n      code\n      name\n      nameEn\n      kind\n      active\n      region { id name nameEn }\n    }\n  }\n": types.WarehousesDocument,
    "\n  query StockLevels($first: Int!, $after: String, $filter: StockLevelFilter, $sort: StockLevelSort) {\n    stockLevels(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id\n          onHand\n          reserved\n          available\n          safetyStock\n          belowSafetyStock\n          updatedAt\n          product { id sku name nameEn unit unitEn }\n          warehouse { id name nameEn kind }\n        }\n      }\n    }\n  }\n": types.StockLevelsDocument,
    "\n  query SalesTrend($granularity: TrendGranularity!) {\n    salesTrend(granularity: $granularity) {\n      periodStart\n      label\n      orderCount\n      amount { amount currency }\n    }\n  }\n": types.SalesTrendDocument,
    "\n  query SalesByRegion {\n    salesByRegion(level: SALES_REGION) {\n      region { id name nameEn }\n      orderCount\n      amount { amount currency }\n    }\n  }\n": types.SalesByRegionDocument,
    "\n  query DashboardCounts {\n    orderStatusCounts { status count }\n    belowSafety: stockLevels(first: 0, filter: { belowSafetyStock: true }) { totalCount }\n  }\n": types.DashboardCountsDocument,
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
export function graphql(source: "\n  fragment ViewerFields on User {\n    id\n    username\n    displayName\n    role\n    dealer { id name nameEn }\n    region { id name nameEn }\n  }\n"): (typeof documents)["\n  fragment ViewerFields on User {\n    id\n    username\n    displayName\n    role\n    dealer { id name nameEn }\n    region { id name nameEn }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...ViewerFields }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...ViewerFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...ViewerFields }\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      user { ...ViewerFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DealerNodeFields on Dealer {\n    id\n    code\n    name\n    nameEn\n    level\n    grade\n    status\n    region { id name nameEn }\n  }\n"): (typeof documents)["\n  fragment DealerNodeFields on Dealer {\n    id\n    code\n    name\n    nameEn\n    level\n    grade\n    status\n    region { id name nameEn }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DealerTree {\n    dealerTree {\n      ...DealerNodeFields\n      children {\n        ...DealerNodeFields\n        children { id }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DealerTree {\n    dealerTree {\n      ...DealerNodeFields\n      children {\n        ...DealerNodeFields\n        children { id }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DealerChildren($id: ID!) {\n    dealer(id: $id) {\n      id\n      children {\n        ...DealerNodeFields\n        children { id }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DealerChildren($id: ID!) {\n    dealer(id: $id) {\n      id\n      children {\n        ...DealerNodeFields\n        children { id }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DealerSearch($search: String!, $first: Int!, $after: String) {\n    dealers(filter: { search: $search }, first: $first, after: $after, sort: CODE_ASC) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          ...DealerNodeFields\n          parent { id name nameEn }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DealerSearch($search: String!, $first: Int!, $after: String) {\n    dealers(filter: { search: $search }, first: $first, after: $after, sort: CODE_ASC) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          ...DealerNodeFields\n          parent { id name nameEn }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DealerProfile($id: ID!) {\n    dealer(id: $id) {\n      ...DealerNodeFields\n      contactName\n      contactPhone\n      joinedAt\n      parent { id code name nameEn level }\n      authorizedRegions { id name nameEn }\n      qualifications { id kind number issuer validUntil expired expiresInDays }\n      healthScore\n      salesStats {\n        orderCount\n        totalAmount { amount currency }\n        last90DaysAmount { amount currency }\n        lastOrderAt\n      }\n      paymentStats {\n        onTimeRate\n        overdueAmount { amount currency }\n        creditUtilization\n      }\n      creditAccount {\n        id\n        status\n        termDays\n        utilization\n        limit { amount currency }\n        used { amount currency }\n        held { amount currency }\n        available { amount currency }\n      }\n      orders(first: 10, sort: NEWEST) {\n        totalCount\n        edges {\n          node {\n            id\n            orderNumber\n            status\n            itemCount\n            placedAt\n            total { amount currency }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DealerProfile($id: ID!) {\n    dealer(id: $id) {\n      ...DealerNodeFields\n      contactName\n      contactPhone\n      joinedAt\n      parent { id code name nameEn level }\n      authorizedRegions { id name nameEn }\n      qualifications { id kind number issuer validUntil expired expiresInDays }\n      healthScore\n      salesStats {\n        orderCount\n        totalAmount { amount currency }\n        last90DaysAmount { amount currency }\n        lastOrderAt\n      }\n      paymentStats {\n        onTimeRate\n        overdueAmount { amount currency }\n        creditUtilization\n      }\n      creditAccount {\n        id\n        status\n        termDays\n        utilization\n        limit { amount currency }\n        used { amount currency }\n        held { amount currency }\n        available { amount currency }\n      }\n      orders(first: 10, sort: NEWEST) {\n        totalCount\n        edges {\n          node {\n            id\n            orderNumber\n            status\n            itemCount\n            placedAt\n            total { amount currency }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Warehouses {\n    warehouses {\n      id\n      code\n      name\n      nameEn\n      kind\n      active\n      region { id name nameEn }\n    }\n  }\n"): (typeof documents)["\n  query Warehouses {\n    warehouses {\n      id\n      code\n      name\n      nameEn\n      kind\n      active\n      region { id name nameEn }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StockLevels($first: Int!, $after: String, $filter: StockLevelFilter, $sort: StockLevelSort) {\n    stockLevels(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id\n          onHand\n          reserved\n          available\n          safetyStock\n          belowSafetyStock\n          updatedAt\n          product { id sku name nameEn unit unitEn }\n          warehouse { id name nameEn kind }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StockLevels($first: Int!, $after: String, $filter: StockLevelFilter, $sort: StockLevelSort) {\n    stockLevels(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id\n          onHand\n          reserved\n          available\n          safetyStock\n          belowSafetyStock\n          updatedAt\n          product { id sku name nameEn unit unitEn }\n          warehouse { id name nameEn kind }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SalesTrend($granularity: TrendGranularity!) {\n    salesTrend(granularity: $granularity) {\n      periodStart\n      label\n      orderCount\n      amount { amount currency }\n    }\n  }\n"): (typeof documents)["\n  query SalesTrend($granularity: TrendGranularity!) {\n    salesTrend(granularity: $granularity) {\n      periodStart\n      label\n      orderCount\n      amount { amount currency }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SalesByRegion {\n    salesByRegion(level: SALES_REGION) {\n      region { id name nameEn }\n      orderCount\n      amount { amount currency }\n    }\n  }\n"): (typeof documents)["\n  query SalesByRegion {\n    salesByRegion(level: SALES_REGION) {\n      region { id name nameEn }\n      orderCount\n      amount { amount currency }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardCounts {\n    orderStatusCounts { status count }\n    belowSafety: stockLevels(first: 0, filter: { belowSafetyStock: true }) { totalCount }\n  }\n"): (typeof documents)["\n  query DashboardCounts {\n    orderStatusCounts { status count }\n    belowSafety: stockLevels(first: 0, filter: { belowSafetyStock: true }) { totalCount }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;