/**
 * Payloads of the network-administration events (master data, dealer lifecycle, users, credit
 * changes, seller prices: docs/design/network-administration.md §12.1). Kept beside `catalog.ts`
 * so the catalog stays one readable list; every field is described in docs/events.md.
 * Amounts are integer minor units (fen); dates are ISO-8601.
 */

/** What a master-data change did to its row. */
export const MasterDataChange = {
  CREATED: 'CREATED',
  UPDATED: 'UPDATED',
  RETIRED: 'RETIRED',
  IMAGES: 'IMAGES',
  MOVED: 'MOVED',
} as const;
export type MasterDataChange = (typeof MasterDataChange)[keyof typeof MasterDataChange];

/** Payload of `products.product_changed`: the product as it is after the change. */
export interface ProductChangedPayload {
  productId: string;
  sku: string;
  name: string;
  nameEn: string;
  brandId: string;
  categoryId: string;
  categoryPath: string;
  /** `ACTIVE` or `DISCONTINUED`. */
  status: string;
  taxClass: string;
  traceable: boolean;
  shelfLifeDays: number;
  unit: string;
  /** Null: sold in every region. */
  salesRegionIds: string[] | null;
  /** The product row's version: a consumer ignores a payload older than what it applied. */
  version: number;
  change: 'CREATED' | 'UPDATED' | 'RETIRED' | 'IMAGES';
}

/** Payload of `products.category_changed`. */
export interface CategoryChangedPayload {
  categoryId: string;
  parentId: string | null;
  path: string;
  /** Set on a move: consumers rewrite copies that start with it. */
  previousPath?: string | null;
  depth: number;
  change: 'CREATED' | 'UPDATED' | 'MOVED';
}

/** Payload of `products.brand_changed`. */
export interface BrandChangedPayload {
  brandId: string;
  code: string;
  name: string;
  active: boolean;
  change: 'CREATED' | 'UPDATED';
}

/** Payload of `inventory.warehouse_changed`. */
export interface WarehouseChangedPayload {
  warehouseId: string;
  code: string;
  /** `HQ`, `REGIONAL` or `DEALER`. */
  kind: string;
  regionId: string;
  regionPath: string;
  dealerId?: string | null;
  active: boolean;
  change: 'CREATED' | 'UPDATED' | 'DEACTIVATED' | 'REACTIVATED';
}

/** Payload of `inventory.stock_import_completed`. */
export interface StockImportCompletedPayload {
  importId: string;
  lines: number;
  applied: number;
  badLines: number;
}

/** Payload of `dealers.dealer_application_changed`. */
export interface DealerApplicationChangedPayload {
  applicationId: string;
  number: string;
  /** Null when the application was just submitted. */
  fromStatus?: string | null;
  toStatus: string;
  regionId: string;
  /** Set once HQ's approval created the dealer. */
  dealerId?: string | null;
}

/** Payload of `dealers.dealer_admitted`: what finance and inventory need to open the dealer's accounts. */
export interface DealerAdmittedPayload {
  dealerId: string;
  code: string;
  name: string;
  level: string;
  grade: string;
  parentId?: string | null;
  regionId: string;
  regionPath: string;
  dealerPath: string;
  initialCreditLimitMinor: number;
  termDays: number;
  /** True when the applicant asked for its own DEALER warehouse. */
  createWarehouse: boolean;
  warehouseName?: string | null;
}

/** Payload of `dealers.dealer_changed`: the dealer as it is after the change. */
export interface DealerChangedPayload {
  dealerId: string;
  change: 'STATUS' | 'GRADE' | 'PARENT' | 'QUALIFICATION' | 'PROFILE';
  status: string;
  grade: string;
  level: string;
  parentId?: string | null;
  regionPath: string;
  dealerPath: string;
  fromStatus?: string | null;
  reason?: string | null;
  fromGrade?: string | null;
  /** True when the dealer may not order now (status or an expired required qualification). */
  orderingBlocked: boolean;
  /** `DEALER_NOT_ACTIVE` or `QUALIFICATION_EXPIRED` when blocked. */
  blockCode?: string | null;
}

/** Payload of `dealers.qualification_changed`. */
export interface QualificationChangedPayload {
  qualificationId: string;
  dealerId: string;
  kind: string;
  /** `ACTIVE`, `PENDING_REVIEW`, `REJECTED` or `SUPERSEDED`. */
  status: string;
  /** Business date `YYYY-MM-DD`. */
  validUntil: string;
  replacesId?: string | null;
}

/** Payload of `dealers.qualification_expiring`: an alert 30 or 7 days before expiry, or at it (0). */
export interface QualificationExpiringPayload {
  alertId: string;
  qualificationId: string;
  dealerId: string;
  kind: string;
  validUntil: string;
  daysLeft: number;
  required: boolean;
}

/** Payload of `dealers.region_changed`. */
export interface RegionChangedPayload {
  regionId: string;
  parentId?: string | null;
  path: string;
  depth: number;
  change: 'CREATED' | 'UPDATED' | 'MOVED';
}

/** Payload of `dealers.grade_proposals_ready`. */
export interface GradeProposalsReadyPayload {
  /** The evaluation month, `YYYY-MM`. */
  period: string;
  dealers: number;
  proposals: number;
}

/** Payload of `dealers.user_changed` (disable and enable stay `dealers.user_status_changed`). */
export interface UserChangedPayload {
  userId: string;
  dealerId?: string | null;
  role: string;
  change: 'INVITED' | 'ACTIVATED' | 'ROLE_CHANGED' | 'PASSWORD_RESET';
}

/** Payload of `finance.credit_limit_change_requested`: an increase above the threshold awaits a second approver. */
export interface CreditLimitChangeRequestedPayload {
  changeId: string;
  dealerId: string;
  /** Null: the brand's account; else the parent dealer's line for its sub-dealer. */
  sellerDealerId?: string | null;
  fromLimitMinor: number;
  toLimitMinor: number;
  requestedBy: string;
}

/** Payload of `finance.credit_limit_changed`: a change was applied to the account. */
export interface CreditLimitChangedPayload {
  changeId: string;
  accountId: string;
  dealerId: string;
  sellerDealerId?: string | null;
  fromLimitMinor: number;
  toLimitMinor: number;
  fromTermDays: number;
  toTermDays: number;
  availableMinor: number;
}

/** Payload of `pricing.sub_dealer_price_changed`. */
export interface SubDealerPriceChangedPayload {
  priceListId: string;
  sellerDealerId: string;
  productId: string;
  grade?: string | null;
  minQuantity: number;
  /** Null when the entry was removed. */
  unitPriceMinor: number | null;
}
