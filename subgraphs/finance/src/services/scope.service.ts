import { canRead, dataScopeOf, scopeFilter, type DataScope, type Viewer } from '@dnp/subgraph-kit';
import { BRAND_SELLER } from '../entities/credit-account.entity.js';

/**
 * What part of the finance data a viewer may see: the kit's DataScope. HQ and services see
 * everything, a region manager the dealers registered in their region subtree, a dealer user its
 * own dealer and, read-only, its sub-dealers, a DEALER_READ partner its dealer; anyone else nothing.
 */
export type FinanceScope = DataScope;

/** The viewer's finance scope (see FinanceScope). */
export function financeScope(viewer: Viewer | null): FinanceScope {
  return dataScopeOf(viewer);
}

/**
 * True when a row of `dealerId`, registered under `regionPath`, is inside `scope`; with the row's
 * `sellerKey` a parent also reads the documents it sells (the kit's seller rule).
 */
export function inScope(scope: FinanceScope, dealerId: string, regionPath: string, sellerKey?: string): boolean {
  return canRead(scope, { dealerId, regionPath, sellerDealerId: sellerKey ? sellerOf(sellerKey) : null });
}

/** The selling dealer of an account or document: null for the brand's own ('BRAND'), else the parent's id. */
export function sellerOf(sellerKey: string): string | null {
  return sellerKey === BRAND_SELLER ? null : sellerKey;
}

/**
 * Payment statistics feed the dealer health score, which a parent dealer reads for its whole
 * sub-tree: beyond `inScope`, a dealer user may read the statistics of any dealer below it.
 */
export function inPaymentStatsScope(
  scope: FinanceScope,
  account: { dealerId: string; dealerRegionPath: string; dealerPath: string },
): boolean {
  if (inScope(scope, account.dealerId, account.dealerRegionPath)) return true;
  return scope.kind === 'dealer' && !scope.readOnly && account.dealerPath.includes(`/${scope.dealerId}/`);
}

/**
 * The row filter of a scope for tables with `dealerId` and `dealerRegionPath` columns; null when
 * the scope holds nothing.
 */
export function scopeWhere(scope: FinanceScope): Record<string, unknown> | null {
  return scopeFilter(scope, { dealerId: 'dealerId', regionPath: 'dealerRegionPath' });
}

/**
 * The brand's own books (§8, `seller_key = 'BRAND'`), apart from the lines parent dealers grant their
 * sub-dealers: every brand-facing read of accounts and documents goes through it, so a parent's
 * receivables never mix into the brand's. `where` is the ORM filter, `sql(alias)` the SQL condition.
 */
export const brandAccountScope = {
  where: { sellerKey: BRAND_SELLER },
  sql: (alias?: string): string => `${alias ? `${alias}.` : ''}seller_key = '${BRAND_SELLER}'`,
} as const;

/**
 * The row filter of a document list (invoices, credit notes, payments) for `scope` and the caller's
 * seller filter: the kit's scope with the `sellerKey` column (a dealer reads its own documents, its
 * sub-dealers' and those it sells), narrowed to `sellerDealerId` when given. Brand-facing callers
 * (HQ, finance clerks, managers) see the brand's own sales unless they name a parent; a dealer's
 * users see every document of theirs unless they name a seller. Null when the scope holds nothing.
 */
export function documentWhere(scope: FinanceScope, sellerDealerId?: string | null): Record<string, unknown>[] | null {
  const scoped = scopeFilter(scope, { dealerId: 'dealerId', regionPath: 'dealerRegionPath', seller: 'sellerKey' });
  if (scoped === null) return null;
  const where: Record<string, unknown>[] = Object.keys(scoped).length ? [scoped] : [];
  if (sellerDealerId != null) where.push({ sellerKey: sellerDealerId });
  else if (scope.kind !== 'dealer') where.push(brandAccountScope.where);
  return where;
}
