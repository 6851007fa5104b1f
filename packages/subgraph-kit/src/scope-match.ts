/**
 * Who and what a commercial rule covers: promotions (pricing) and rebate policies (finance) name a
 * product scope (products, categories with their subtrees, brands) and an audience (dealer grades,
 * regions with their subtrees, optionally a list of dealers). One reading for both, so a policy and
 * a promotion with the same scope always cover the same lines and dealers.
 *
 * Within a dimension any listed value matches (OR); across dimensions all must (AND); an empty
 * dimension does not restrict.
 */

/** The product scope of a rule. */
export interface ProductScope {
  productIds: readonly string[];
  /** Category ids; a category covers its whole subtree. */
  categoryIds: readonly string[];
  brandIds: readonly string[];
}

/** What a line or product must tell about itself to be matched. */
export interface ScopedProduct {
  productId: string;
  /** The category path `/cat_a/cat_b/` (ids, slash-delimited), or null when unknown. */
  categoryPath: string | null;
  brandId: string | null;
}

/** True when `product` is in `scope`. An unknown category or brand never matches a restriction on it. */
export function inProductScope(scope: ProductScope, product: ScopedProduct): boolean {
  if (scope.productIds.length && !scope.productIds.includes(product.productId)) return false;
  const path = product.categoryPath;
  // Delimited on both sides: cat_mlk must not match cat_mlk_powder.
  if (scope.categoryIds.length && !(path != null && scope.categoryIds.some((c) => path.includes(`/${c}/`))))
    return false;
  if (scope.brandIds.length && !(product.brandId != null && scope.brandIds.includes(product.brandId))) return false;
  return true;
}

/** The dealers a rule is for. */
export interface DealerAudience {
  dealerGrades: readonly string[];
  /** Region ids; a region covers its whole subtree. */
  regionIds: readonly string[];
  /** An explicit list of dealers; empty: any dealer the other dimensions admit. */
  dealerIds?: readonly string[];
}

/** What a dealer must tell about itself to be matched. */
export interface AudienceMember {
  dealerId?: string | null;
  dealerGrade: string | null;
  /** The region ids from the root down to the dealer's region. */
  regionPath: readonly string[];
}

/** True when `member` is in `audience`. */
export function inDealerAudience(audience: DealerAudience, member: AudienceMember): boolean {
  const ids = audience.dealerIds ?? [];
  if (ids.length && !(member.dealerId != null && ids.includes(member.dealerId))) return false;
  if (
    audience.dealerGrades.length &&
    !(member.dealerGrade != null && audience.dealerGrades.includes(member.dealerGrade))
  )
    return false;
  return audience.regionIds.length === 0 || audience.regionIds.some((r) => member.regionPath.includes(r));
}
