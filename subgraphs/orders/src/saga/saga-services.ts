import { parseMinor, ServiceCallError, ServiceClient, serviceUrls, type Viewer } from '@dnp/subgraph-kit';
import type { OrderErrorData } from './order-error.js';
import { SagaReferenceCache } from './saga-reference.cache.js';

/** A product as the saga needs it (products `_entities`). */
export interface ProductInfo {
  id: string;
  sku: string;
  name: string;
  /** ACTIVE or DISCONTINUED. */
  status: string;
  /** Region ids the product is restricted to; null when it sells nationwide. */
  salesRegionIds: string[] | null;
  /** VAT class (STANDARD, REDUCED, ZERO), snapshotted on the order line; absent means STANDARD. */
  taxClass?: string | null;
}

/** Why a dealer may not order now (dealers' `Dealer.orderingBlock`): status first, then an expired licence. */
export interface DealerOrderingBlockInfo {
  /** DEALER_NOT_ACTIVE or QUALIFICATION_EXPIRED. */
  code: string;
  /** Human-readable, with the reason of a suspension: the refusal repeats it. */
  message: string;
  /** ISO-8601: the status change, or the moment the licence expired. */
  since: string;
}

/** A dealer as the eligibility step needs it (dealers `_entities`). */
export interface DealerInfo {
  id: string;
  status: string;
  /** Null (or absent, from a dealers subgraph without it) when the dealer may order. */
  orderingBlock?: DealerOrderingBlockInfo | null;
  /** Materialized paths of the dealer's authorized regions ("/reg_cn/reg_south/reg_gd/"). */
  authorizedRegionPaths: string[];
  /** Company name, contact person and phone: the shipments' consignee snapshot at approval. */
  name?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  /** The parent dealer's id (the seller of a two-tier order); null for a top-level dealer. */
  parentId?: string | null;
  /** NATIONAL_AGENT, PROVINCIAL_AGENT, REGIONAL_DEALER or RETAILER (the flow report's snapshot). */
  level?: string | null;
  /** A to D: what a seller's price list prices for. */
  grade?: string | null;
}

/** A warehouse as the delivery check needs it (inventory `_entities`). */
export interface WarehouseInfo {
  id: string;
  kind: string;
  dealerId: string | null;
}

/** One line of the server-side quote, in minor units (input lines first, then gift lines). */
export interface QuoteLineData {
  productId: string;
  quantity: number;
  unitPriceMinor: number;
  /** unitPrice × quantity (0 for a gift). Optional only in payloads persisted before it existed. */
  lineSubtotalMinor?: number;
  /** The line's promotion discounts. */
  discountMinor?: number;
  /** lineSubtotal − discount. */
  lineTotalMinor: number;
  isGift?: boolean;
  /** For a gift line, the promotion that gave it. */
  giftOf?: string | null;
  /** For a gift line, its value at the dealer's price (not charged, not in the subtotal). */
  giftValueMinor?: number | null;
}

/** A promotion the quote applied, in minor units. */
export interface AppliedPromotionData {
  promotionId: string;
  name: string;
  discountMinor: number;
  giftValueMinor: number;
  /** discount + giftValue: what the order consumes from the promotion's budget. */
  benefitMinor: number;
}

/** The server-side quote, in minor units. */
export interface QuoteData {
  currency: string;
  lines: QuoteLineData[];
  subtotalMinor: number;
  discountMinor: number;
  totalMinor: number;
  /** Optional only in payloads persisted before it existed. */
  appliedPromotions?: AppliedPromotionData[];
}

/** What consumePromotionBudget is sent (pricing, SERVICE only). */
export interface ConsumePromotionInput {
  idempotencyKey: string;
  dealerId: string;
  orderId: string;
  promotions: { promotionId: string; amountMinor: number }[];
}

/** One reserved slice: units of a product in a warehouse (and lot). */
export interface ReservationLine {
  productId: string;
  warehouseId: string;
  lotId: string | null;
  quantity: number;
}

/** What inventory reserved for an order. */
export interface ReservationData {
  id: string;
  lines: ReservationLine[];
}

/** A remote step's outcome: its value, or business errors (the saga compensates on those). */
export type StepOutcome<T> = { ok: true; value: T } | { ok: false; errors: OrderErrorData[] };

/** The dealer claims a call acts for (pricing prices for them, inventory picks nearest warehouses). */
export type DealerClaims = Pick<Viewer, 'dealerId' | 'dealerGrade' | 'regionId' | 'regionPath'>;

/** What reserveStock is sent (inventory, SERVICE only). */
export interface ReserveStockRequest {
  key: string;
  dealerId: string;
  regionPath: string[];
  lines: { productId: string; quantity: number }[];
  /** Two-tier: reserve only from this seller's own warehouses (SELLER_HAS_NO_WAREHOUSE when it has none). */
  sourceDealerId?: string | null;
}

/** What holdCredit is sent (finance, SERVICE only). */
export interface HoldCreditRequest {
  key: string;
  dealerId: string;
  amountMinor: number;
  /** Two-tier: hold on the buyer's credit line with this seller (NO_CREDIT_LINE when there is none). */
  sellerDealerId?: string | null;
}

/** What holdRebate is sent (finance, SERVICE only). */
export interface HoldRebateRequest {
  key: string;
  dealerId: string;
  /** The part of the order paid with the rebate balance, minor units; greater than 0. */
  amountMinor: number;
  /** The order's total, for finance's cap (REBATE_MAX_ORDER_SHARE_BP of it). */
  orderTotalMinor: number;
  /** Two-tier: the seller (finance refuses REBATE_NOT_ALLOWED). */
  sellerDealerId?: string | null;
}

/**
 * Everything the saga asks of other subgraphs. Transport failures throw a retryable
 * `ServiceCallError`; expected business failures come back as `{ ok: false }`. Unit tests pass a
 * fake; production uses `RemoteSagaServices`.
 */
export interface SagaServices {
  /** Products by id and/or SKU (SKUs upper-case); unknown ones are missing from the maps. */
  products(ids: string[], skus: string[]): Promise<{ byId: Map<string, ProductInfo>; bySku: Map<string, ProductInfo> }>;
  warehouse(id: string): Promise<WarehouseInfo | null>;
  dealer(id: string): Promise<DealerInfo | null>;
  /** How many active warehouses the dealer runs (a seller without one cannot sell). */
  activeWarehouseCount(dealerId: string): Promise<number>;
  /** The quote for the claims' dealer; with `sellerDealerId` from that seller's lists (two-tier). */
  quote(
    claims: DealerClaims,
    lines: { productId: string; quantity: number }[],
    sellerDealerId?: string | null,
  ): Promise<StepOutcome<QuoteData>>;
  reserveStock(input: ReserveStockRequest): Promise<StepOutcome<ReservationData>>;
  releaseReservation(key: string): Promise<void>;
  /** Holds part of the rebate balance; REBATE_OVER_BALANCE, REBATE_OVER_CAP, REBATE_NOT_ALLOWED come back as errors. */
  /**
   * The dealer's available rebate balance in minor units (0 before its first settlement): placeOrder
   * refuses an amount over it before writing; REBATE_HELD still decides against a concurrent spend.
   */
  rebateAvailable(dealerId: string): Promise<number>;
  holdRebate(input: HoldRebateRequest): Promise<StepOutcome<{ id: string; amountMinor: number }>>;
  /** Compensation: gives the rebate hold back (idempotent; an unknown key leaves a tombstone). */
  releaseRebateHold(key: string): Promise<void>;
  holdCredit(input: HoldCreditRequest): Promise<StepOutcome<{ id: string }>>;
  releaseCreditHold(key: string): Promise<void>;
  /** Consumes promotion budgets and per-dealer usage; BUDGET_EXHAUSTED / USAGE_LIMIT_REACHED come back as errors. */
  consumePromotionBudget(input: ConsumePromotionInput): Promise<StepOutcome<{ replayed: boolean }>>;
  /** Compensation: gives the budgets back (idempotent; an unknown key is a no-op). */
  releasePromotionBudget(idempotencyKey: string): Promise<void>;
}

interface RawUserError {
  code: string;
  message: string;
  field: string | null;
}

const PRODUCT_FIELDS = 'id sku name status salesRegionIds taxClass';

/** pricing's refusals of a seller's quote, answered as the order's rejection reasons. */
const SELLER_QUOTE_CODES = new Set(['PRICE_NOT_FOUND', 'PRICE_BELOW_FLOOR', 'SELLER_NOT_PARENT']);

/** Index of `lines[3]` / `lines[3].quantity` in a field path, or null. */
export function lineIndexOf(field: string | null | undefined): number | null {
  const m = /^lines\[(\d+)\]/.exec(field ?? '');
  return m ? Number(m[1]) : null;
}

type Amount = { amount: string };

/** pricing's quote as SagaQuote selects it (money as decimal strings). */
interface RawQuote {
  currency: string;
  lines: {
    product: { id: string };
    quantity: number;
    unitPrice: Amount;
    lineSubtotal: Amount;
    discountTotal: Amount;
    lineTotal: Amount;
    isGift: boolean;
    giftOf: { id: string } | null;
    giftValue: Amount | null;
  }[];
  subtotal: Amount;
  discountTotal: Amount;
  total: Amount;
  appliedPromotions: {
    promotion: { id: string; name: string };
    discount: Amount;
    giftValue: Amount;
    benefit: Amount;
  }[];
}

const QUOTE_QUERY = `query SagaQuote($input: QuoteInput!) { quote(input: $input) {
  currency subtotal { amount } discountTotal { amount } total { amount }
  lines {
    product { id } quantity unitPrice { amount } lineSubtotal { amount } discountTotal { amount } lineTotal { amount }
    isGift giftOf { id } giftValue { amount }
  }
  appliedPromotions { promotion { id name } discount { amount } giftValue { amount } benefit { amount } }
} }`;

/** pricing's quote in minor units. */
function quoteData(q: RawQuote): QuoteData {
  return {
    currency: q.currency,
    lines: q.lines.map((l) => ({
      productId: l.product.id,
      quantity: l.quantity,
      unitPriceMinor: parseMinor(l.unitPrice.amount),
      lineSubtotalMinor: parseMinor(l.lineSubtotal.amount),
      discountMinor: parseMinor(l.discountTotal.amount),
      lineTotalMinor: parseMinor(l.lineTotal.amount),
      isGift: l.isGift,
      giftOf: l.giftOf?.id ?? null,
      giftValueMinor: l.giftValue ? parseMinor(l.giftValue.amount) : null,
    })),
    subtotalMinor: parseMinor(q.subtotal.amount),
    discountMinor: parseMinor(q.discountTotal.amount),
    totalMinor: parseMinor(q.total.amount),
    appliedPromotions: q.appliedPromotions.map((a) => ({
      promotionId: a.promotion.id,
      name: a.promotion.name,
      discountMinor: parseMinor(a.discount.amount),
      giftValueMinor: parseMinor(a.giftValue.amount),
      benefitMinor: parseMinor(a.benefit.amount),
    })),
  };
}

/** The saga's view of the other subgraphs over HTTP, as the SERVICE identity (docs/order-saga.md). */
export class RemoteSagaServices implements SagaServices {
  private readonly clients: Record<'products' | 'dealers' | 'pricing' | 'inventory' | 'finance', ServiceClient>;
  /** Products and dealers as read lately: every placement needs them, they rarely change. */
  private readonly references: SagaReferenceCache<ProductInfo, DealerInfo>;

  /**
   * `referenceCache`: the process's (dropped by `orders:caches`); else one of its own, reusing reads
   * for `referenceCacheMs` (0 = always ask).
   */
  constructor(opts: {
    subgraphUrls: string;
    secret: string;
    timeoutMs: number;
    referenceCacheMs?: number;
    referenceCache?: SagaReferenceCache<ProductInfo, DealerInfo>;
  }) {
    this.references = opts.referenceCache ?? new SagaReferenceCache(opts.referenceCacheMs ?? 0);
    const urls = serviceUrls(opts.subgraphUrls);
    const client = (target: keyof RemoteSagaServices['clients']) =>
      new ServiceClient({
        caller: 'orders',
        target,
        url: urls[target]!,
        secret: opts.secret,
        timeoutMs: opts.timeoutMs,
        connections: 64,
      });
    this.clients = {
      products: client('products'),
      dealers: client('dealers'),
      pricing: client('pricing'),
      inventory: client('inventory'),
      finance: client('finance'),
    };
  }

  async products(ids: string[], skus: string[]) {
    const byId = new Map<string, ProductInfo>();
    const bySku = new Map<string, ProductInfo>();
    const missingIds = ids.filter((id) => {
      const hit = this.references.productById(id);
      if (hit) byId.set(id, hit);
      return !hit;
    });
    const missingSkus = skus.filter((sku) => {
      const hit = this.references.productBySku(sku);
      if (hit) bySku.set(sku.toUpperCase(), hit);
      return !hit;
    });
    const representations = [
      ...missingIds.map((id) => ({ __typename: 'Product', id })),
      ...missingSkus.map((sku) => ({ __typename: 'Product', sku })),
    ];
    if (!representations.length) return { byId, bySku };
    const data = await this.clients.products.request<{ _entities: (ProductInfo | null)[] }>(
      `query SagaProducts($r: [_Any!]!) { _entities(representations: $r) { ... on Product { ${PRODUCT_FIELDS} } } }`,
      { r: representations },
    );
    for (const p of data._entities) {
      // Unknown products are not remembered: one created a moment later can be ordered at once.
      if (!p) continue;
      byId.set(p.id, p);
      bySku.set(p.sku.toUpperCase(), p);
      this.references.rememberProduct(p);
    }
    return { byId, bySku };
  }

  async warehouse(id: string): Promise<WarehouseInfo | null> {
    const data = await this.clients.inventory.request<{
      _entities: ({ id: string; kind: string; dealer: { id: string } | null } | null)[];
    }>(
      'query SagaWarehouse($r: [_Any!]!) { _entities(representations: $r) { ' +
        '... on Warehouse { id kind dealer { id } } } }',
      { r: [{ __typename: 'Warehouse', id }] },
    );
    const w = data._entities[0];
    return w ? { id: w.id, kind: w.kind, dealerId: w.dealer?.id ?? null } : null;
  }

  async dealer(id: string): Promise<DealerInfo | null> {
    const hit = this.references.dealer(id);
    if (hit) return hit;
    type Raw = Omit<DealerInfo, 'parentId'> & { parent?: { id: string } | null };
    const data = await this.clients.dealers.request<{ _entities: (Raw | null)[] }>(
      'query SagaDealer($r: [_Any!]!) { _entities(representations: $r) { ' +
        '... on Dealer { id status authorizedRegionPaths name contactName contactPhone level grade parent { id } ' +
        'orderingBlock { code message since } } } }',
      { r: [{ __typename: 'Dealer', id }] },
    );
    const raw = data._entities[0] ?? null;
    if (!raw) return null;
    const { parent, ...rest } = raw;
    const dealer: DealerInfo = { ...rest, parentId: parent?.id ?? null };
    this.references.rememberDealer(id, dealer);
    return dealer;
  }

  async activeWarehouseCount(dealerId: string): Promise<number> {
    const data = await this.clients.inventory.request<{
      _entities: ({ warehouses: { id: string; active: boolean }[] } | null)[];
    }>(
      'query SagaSellerWarehouses($r: [_Any!]!) { _entities(representations: $r) { ' +
        '... on Dealer { warehouses { id active } } } }',
      { r: [{ __typename: 'Dealer', id: dealerId }] },
    );
    return (data._entities[0]?.warehouses ?? []).filter((w) => w.active).length;
  }

  async quote(
    claims: DealerClaims,
    lines: { productId: string; quantity: number }[],
    sellerDealerId?: string | null,
  ): Promise<StepOutcome<QuoteData>> {
    const input = sellerDealerId ? { lines, sellerDealerId } : { lines };
    try {
      const data = await this.clients.pricing.request<{ quote: RawQuote }>(QUOTE_QUERY, { input }, claims);
      return { ok: true, value: quoteData(data.quote) };
    } catch (err) {
      if (!(err instanceof ServiceCallError)) throw err;
      // A seller's quote refuses in its own words (floors, a seller that is not the parent).
      if (sellerDealerId && SELLER_QUOTE_CODES.has(err.code))
        return { ok: false, errors: [{ code: err.code, message: err.message, field: null, lineIndex: null }] };
      if (err.code !== 'PRICE_NOT_FOUND' || sellerDealerId) throw err;
      return { ok: false, errors: await this.unpricedLines(claims, lines, err) };
    }
  }

  /** PRICE_NOT_FOUND names one product; every product's price is asked for, to report each unpriced line. */
  private async unpricedLines(
    claims: DealerClaims,
    lines: { productId: string; quantity: number }[],
    err: ServiceCallError,
  ): Promise<OrderErrorData[]> {
    type Priced = { id: string; price: Amount | null } | null;
    const ids = [...new Set(lines.map((l) => l.productId))];
    const data = await this.clients.pricing
      .request<{ _entities: Priced[] }>(
        'query SagaPrices($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id price { amount } } } }',
        { r: ids.map((id) => ({ __typename: 'Product', id })) },
        claims,
      )
      .catch(() => ({ _entities: [] as Priced[] }));
    const priced = new Set(data._entities.filter((p) => p?.price).map((p) => p!.id));
    const missing = ids.filter((id) => !priced.has(id));
    return (missing.length ? missing : [null]).map((productId) => ({
      code: 'PRICE_NOT_FOUND',
      message: productId ? `No price list prices product "${productId}" for this dealer` : err.message,
      field: null,
      lineIndex: productId ? lines.findIndex((l) => l.productId === productId) : null,
      productId,
    }));
  }

  async reserveStock(input: ReserveStockRequest): Promise<StepOutcome<ReservationData>> {
    const data = await this.clients.inventory.request<{
      reserveStock: { reservation: ReservationData | null; errors: RawUserError[] };
    }>(
      'mutation SagaReserve($input: ReserveStockInput!) { reserveStock(input: $input) { ' +
        'reservation { id lines { productId warehouseId lotId quantity } } errors { code message field } } }',
      { input },
    );
    const { reservation, errors } = data.reserveStock;
    if (errors.length || !reservation) {
      return {
        ok: false,
        errors: (errors.length
          ? errors
          : [{ code: 'INSUFFICIENT_STOCK', message: 'Stock could not be reserved', field: null }]
        ).map((e) => {
          const i = lineIndexOf(e.field);
          return {
            code: e.code,
            message: e.message,
            field: null,
            lineIndex: i,
            productId: i != null ? (input.lines[i]?.productId ?? null) : null,
          };
        }),
      };
    }
    return { ok: true, value: reservation };
  }

  async releaseReservation(key: string): Promise<void> {
    await this.clients.inventory.request(
      'mutation SagaRelease($key: String!) { releaseReservation(key: $key) { __typename } }',
      { key },
    );
  }

  async rebateAvailable(dealerId: string): Promise<number> {
    const data = await this.clients.finance.request<{ rebateBalance: { available: string } | null }>(
      'query SagaRebateBalance($d: ID!) { rebateBalance(dealerId: $d) { available } }',
      { d: dealerId },
    );
    return Number(data.rebateBalance?.available ?? 0);
  }

  async holdRebate(input: HoldRebateRequest): Promise<StepOutcome<{ id: string; amountMinor: number }>> {
    const data = await this.clients.finance.request<{
      holdRebate: { hold: { id: string; amountMinor: number } | null; errors: RawUserError[] };
    }>(
      'mutation SagaHoldRebate($input: HoldRebateInput!) { holdRebate(input: $input) { ' +
        'hold { id amountMinor } errors { code message field } } }',
      { input },
    );
    const { hold, errors } = data.holdRebate;
    if (errors.length || !hold)
      return {
        ok: false,
        errors: (errors.length
          ? errors
          : [{ code: 'REBATE_OVER_BALANCE', message: 'The rebate could not be held', field: null }]
        ).map((e) => ({ code: e.code, message: e.message, field: null, lineIndex: null, productId: null })),
      };
    return { ok: true, value: hold };
  }

  async releaseRebateHold(key: string): Promise<void> {
    await this.clients.finance.request(
      'mutation SagaReleaseRebateHold($key: String!) { releaseRebateHold(key: $key) { __typename } }',
      { key },
    );
  }

  async holdCredit(input: HoldCreditRequest): Promise<StepOutcome<{ id: string }>> {
    const data = await this.clients.finance.request<{
      holdCredit: { hold: { id: string } | null; errors: RawUserError[] };
    }>(
      'mutation SagaHold($input: HoldCreditInput!) { holdCredit(input: $input) { ' +
        'hold { id } errors { code message field } } }',
      { input },
    );
    const { hold, errors } = data.holdCredit;
    if (errors.length || !hold) {
      return {
        ok: false,
        errors: (errors.length
          ? errors
          : [{ code: 'CREDIT_LIMIT_EXCEEDED', message: 'Credit could not be held', field: null }]
        ).map((e) => ({ code: e.code, message: e.message, field: null, lineIndex: null, productId: null })),
      };
    }
    return { ok: true, value: hold };
  }

  async releaseCreditHold(key: string): Promise<void> {
    await this.clients.finance.request(
      'mutation SagaReleaseHold($key: String!) { releaseCreditHold(key: $key) { __typename } }',
      { key },
    );
  }

  async consumePromotionBudget(input: ConsumePromotionInput): Promise<StepOutcome<{ replayed: boolean }>> {
    const data = await this.clients.pricing.request<{
      consumePromotionBudget: { replayed: boolean; errors: RawUserError[] };
    }>(
      'mutation SagaConsumePromotions($input: ConsumePromotionBudgetInput!) { ' +
        'consumePromotionBudget(input: $input) { replayed errors { code message field } } }',
      { input },
    );
    const { replayed, errors } = data.consumePromotionBudget;
    if (errors.length)
      return {
        ok: false,
        errors: errors.map((e) => ({
          code: e.code,
          message: e.message,
          field: e.field,
          lineIndex: null,
          productId: null,
        })),
      };
    return { ok: true, value: { replayed } };
  }

  async releasePromotionBudget(idempotencyKey: string): Promise<void> {
    await this.clients.pricing.request(
      'mutation SagaReleasePromotions($key: String!) { releasePromotionBudget(idempotencyKey: $key) { __typename } }',
      { key: idempotencyKey },
    );
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.clients).map((c) => c.close()));
  }
}
