import { ServiceCallError } from '@dnp/subgraph-kit';
import type { OrderErrorData } from './order-error.js';
import type {
  AppliedPromotionData,
  ConsumePromotionInput,
  DealerClaims,
  DealerInfo,
  ProductInfo,
  QuoteData,
  QuoteLineData,
  HoldCreditRequest,
  HoldRebateRequest,
  ReservationData,
  ReserveStockRequest,
  SagaServices,
  StepOutcome,
  WarehouseInfo,
} from './saga-services.js';

/**
 * In-memory stand-in for the other subgraphs, for unit specs: products, dealers, warehouses,
 * prices, stock per product (one warehouse) and credit per dealer, with the same idempotency by
 * key as the real services. `failNext` makes the next calls of one operation fail in transport.
 */
export class FakeSagaServices implements SagaServices {
  products_ = new Map<string, ProductInfo>();
  dealers = new Map<string, DealerInfo>();
  warehouses = new Map<string, WarehouseInfo>();
  prices = new Map<string, number>();
  stock = new Map<string, number>();
  credit = new Map<string, number>();
  reservations = new Map<string, { data: ReservationData; active: boolean; sellerId?: string }>();
  /** `dealerId` is the account: the dealer, or `${dealerId}|${sellerId}` for a seller's credit line. */
  holds = new Map<string, { amount: number; dealerId: string; active: boolean; seller?: boolean }>();
  /** Percent-off promotions on one product (basis points), applied per line. */
  percentOff: { promotionId: string; name: string; productId: string; bp: number }[] = [];
  /** Gift-with-purchase: every `buyQuantity` units of `productId` earn `giftQuantity` units of `giftProductId`. */
  gifts: {
    promotionId: string;
    name: string;
    productId: string;
    buyQuantity: number;
    giftProductId: string;
    giftQuantity: number;
  }[] = [];
  /** Remaining budget per promotion (minor units); promotions not listed are unlimited. Quotes ignore it (a race). */
  budgets = new Map<string, number>();
  consumptions = new Map<string, { promotions: { promotionId: string; amountMinor: number }[]; active: boolean }>();
  /** Keys released before anything was consumed under them (pricing's tombstones): a later consumption is refused. */
  promotionTombstones = new Set<string>();
  /** When set, the compensation's release overtakes each consumption (it arrives first, as after a stall). */
  releaseOvertakesConsumption = false;
  calls: string[] = [];
  /** Two-tier: each seller's unit prices (product id → minor units) for its sub-dealers. */
  sellerPrices = new Map<string, Map<string, number>>();
  /** Two-tier: active warehouses per seller (absent: none). */
  sellerWarehouses = new Map<string, number>();
  /** Two-tier: the sellers' own stock, `${sellerId}|${productId}` → units. */
  sellerStock = new Map<string, number>();
  /** Two-tier: credit lines a seller granted, `${dealerId}|${sellerId}` → available minor units. */
  sellerCredit = new Map<string, number>();
  /** What each call was sent (the last one per operation), for assertions on the seller fields. */
  sent: Record<string, unknown> = {};
  /** Available rebate balance per dealer (minor units); absent: none. */
  rebateBalances = new Map<string, number>();
  /** Rebate holds by key, as finance keeps them. */
  rebateHolds = new Map<string, { amount: number; dealerId: string; active: boolean }>();
  /** Keys released before anything was held under them (finance's tombstones): a later hold is refused. */
  rebateTombstones = new Set<string>();
  /** The cap finance applies (REBATE_MAX_ORDER_SHARE_BP, basis points of the order total). */
  rebateMaxShareBp = 3000;
  /** What `rebateAvailable` answers instead of the balance (a read taken before another order spent it). */
  staleRebateAvailable: number | undefined;
  /** When set, holdCredit refuses with this code (e.g. finance's OVERDUE_RECEIVABLES). */
  creditRefusal: string | null = null;
  private failures = new Map<string, number>();

  /** The next `times` calls of `op` throw a retryable transport error. */
  failNext(op: string, times = 1): void {
    this.failures.set(op, times);
  }

  private enter(op: string): void {
    this.calls.push(op);
    const left = this.failures.get(op) ?? 0;
    if (left > 0) {
      this.failures.set(op, left - 1);
      throw new ServiceCallError(op, 'SERVICE_UNAVAILABLE', 'connection refused', true);
    }
  }

  addProduct(p: Partial<ProductInfo> & { id: string; sku: string }, priceMinor = 1000, stock = 100): void {
    this.products_.set(p.id, { name: p.sku, status: 'ACTIVE', salesRegionIds: null, ...p });
    this.prices.set(p.id, priceMinor);
    this.stock.set(p.id, stock);
  }

  async products(ids: string[], skus: string[]) {
    this.enter('products');
    const byId = new Map<string, ProductInfo>();
    const bySku = new Map<string, ProductInfo>();
    for (const p of this.products_.values()) {
      if (ids.includes(p.id)) byId.set(p.id, p);
      if (skus.includes(p.sku)) bySku.set(p.sku, p);
    }
    return { byId, bySku };
  }

  async warehouse(id: string) {
    this.enter('warehouse');
    return this.warehouses.get(id) ?? null;
  }

  async dealer(id: string) {
    this.enter('dealer');
    return this.dealers.get(id) ?? null;
  }

  async activeWarehouseCount(dealerId: string): Promise<number> {
    this.enter('activeWarehouseCount');
    return this.sellerWarehouses.get(dealerId) ?? 0;
  }

  async quote(
    claims: DealerClaims,
    lines: { productId: string; quantity: number }[],
    sellerDealerId?: string | null,
  ): Promise<StepOutcome<QuoteData>> {
    this.enter('quote');
    this.sent.quote = { claims, lines, sellerDealerId: sellerDealerId ?? null };
    if (sellerDealerId) return this.sellerQuote(sellerDealerId, lines);
    const missing = [...new Set(lines.filter((l) => !this.prices.has(l.productId)).map((l) => l.productId))];
    if (missing.length) {
      return {
        ok: false,
        errors: missing.map((productId) => ({
          code: 'PRICE_NOT_FOUND',
          message: 'no price',
          lineIndex: lines.findIndex((l) => l.productId === productId),
          productId,
        })),
      };
    }
    const priced = this.listPrices(lines);
    const applied = [...this.applyPercentOff(priced), ...this.addGifts(lines, priced)];
    const sum = (f: (l: QuoteLineData) => number) => priced.reduce((s, l) => s + f(l), 0);
    return {
      ok: true,
      value: {
        currency: 'CNY',
        lines: priced,
        subtotalMinor: sum((l) => l.lineSubtotalMinor!),
        discountMinor: sum((l) => l.discountMinor!),
        totalMinor: sum((l) => l.lineTotalMinor),
        appliedPromotions: applied,
      },
    };
  }

  /** The lines at their price, before promotions. */
  /** A seller's quote: its own prices only, no promotions (pricing's `quote(sellerDealerId)`). */
  private sellerQuote(sellerId: string, lines: { productId: string; quantity: number }[]): StepOutcome<QuoteData> {
    const prices = this.sellerPrices.get(sellerId) ?? new Map<string, number>();
    const missing = lines.find((l) => !prices.has(l.productId));
    if (missing) return { ok: false, errors: [{ code: 'PRICE_NOT_FOUND', message: 'no seller price' }] };
    const priced = this.listPrices(lines, prices);
    const total = priced.reduce((s, l) => s + l.lineTotalMinor, 0);
    return {
      ok: true,
      value: {
        currency: 'CNY',
        lines: priced,
        subtotalMinor: total,
        discountMinor: 0,
        totalMinor: total,
        appliedPromotions: [],
      },
    };
  }

  private listPrices(
    lines: { productId: string; quantity: number }[],
    prices: Map<string, number> = this.prices,
  ): QuoteLineData[] {
    return lines.map((l) => {
      const unit = prices.get(l.productId)!;
      return {
        ...l,
        unitPriceMinor: unit,
        lineSubtotalMinor: unit * l.quantity,
        discountMinor: 0,
        lineTotalMinor: unit * l.quantity,
        isGift: false,
        giftOf: null,
        giftValueMinor: null,
      };
    });
  }

  /** Takes the percent-off promotions off the priced lines; the promotions that applied. */
  private applyPercentOff(priced: QuoteLineData[]): AppliedPromotionData[] {
    const applied: AppliedPromotionData[] = [];
    for (const p of this.percentOff) {
      let discount = 0;
      for (const l of priced.filter((x) => x.productId === p.productId)) {
        const d = Math.round((l.lineSubtotalMinor! * p.bp) / 10_000);
        l.discountMinor! += d;
        l.lineTotalMinor -= d;
        discount += d;
      }
      if (discount > 0)
        applied.push({
          promotionId: p.promotionId,
          name: p.name,
          discountMinor: discount,
          giftValueMinor: 0,
          benefitMinor: discount,
        });
    }
    return applied;
  }

  /** Appends the gift lines earned by `lines` to `priced`; the gift promotions that applied. */
  private addGifts(lines: { productId: string; quantity: number }[], priced: QuoteLineData[]): AppliedPromotionData[] {
    const applied: AppliedPromotionData[] = [];
    for (const g of this.gifts) {
      const bought = lines.filter((l) => l.productId === g.productId).reduce((s, l) => s + l.quantity, 0);
      const quantity = Math.floor(bought / g.buyQuantity) * g.giftQuantity;
      const price = this.prices.get(g.giftProductId);
      if (!quantity || price == null) continue;
      priced.push({
        productId: g.giftProductId,
        quantity,
        unitPriceMinor: 0,
        lineSubtotalMinor: 0,
        discountMinor: 0,
        lineTotalMinor: 0,
        isGift: true,
        giftOf: g.promotionId,
        giftValueMinor: price * quantity,
      });
      applied.push({
        promotionId: g.promotionId,
        name: g.name,
        discountMinor: 0,
        giftValueMinor: price * quantity,
        benefitMinor: price * quantity,
      });
    }
    return applied;
  }

  async consumePromotionBudget(input: ConsumePromotionInput): Promise<StepOutcome<{ replayed: boolean }>> {
    this.enter('consumePromotionBudget');
    if (this.releaseOvertakesConsumption) await this.releasePromotionBudget(input.idempotencyKey);
    if (this.promotionTombstones.has(input.idempotencyKey)) {
      const refusal = {
        code: 'PROMOTION_BUDGET_RELEASED',
        message: 'released before it was consumed',
        field: 'idempotencyKey',
      };
      return { ok: false, errors: [refusal] };
    }
    if (this.consumptions.has(input.idempotencyKey)) return { ok: true, value: { replayed: true } };
    const errors: OrderErrorData[] = [];
    input.promotions.forEach((p, i) => {
      const left = this.budgets.get(p.promotionId);
      if (left != null && left < p.amountMinor)
        errors.push({ code: 'BUDGET_EXHAUSTED', message: 'budget exhausted', field: `promotions[${i}].amountMinor` });
    });
    if (errors.length) return { ok: false, errors };
    for (const p of input.promotions) {
      const left = this.budgets.get(p.promotionId);
      if (left != null) this.budgets.set(p.promotionId, left - p.amountMinor);
    }
    this.consumptions.set(input.idempotencyKey, { promotions: input.promotions, active: true });
    return { ok: true, value: { replayed: false } };
  }

  async releasePromotionBudget(idempotencyKey: string): Promise<void> {
    this.enter('releasePromotionBudget');
    const c = this.consumptions.get(idempotencyKey);
    if (!c) this.promotionTombstones.add(idempotencyKey);
    if (!c || !c.active) return;
    c.active = false;
    for (const p of c.promotions) {
      const left = this.budgets.get(p.promotionId);
      if (left != null) this.budgets.set(p.promotionId, left + p.amountMinor);
    }
  }

  async reserveStock(input: ReserveStockRequest): Promise<StepOutcome<ReservationData>> {
    this.enter('reserveStock');
    this.sent.reserveStock = input;
    const existing = this.reservations.get(input.key);
    if (existing) return { ok: true, value: existing.data };
    if (input.sourceDealerId) return this.reserveFromSeller(input, input.sourceDealerId);
    const errors: OrderErrorData[] = [];
    input.lines.forEach((l, i) => {
      if ((this.stock.get(l.productId) ?? 0) < l.quantity)
        errors.push({ code: 'INSUFFICIENT_STOCK', message: 'not enough', field: `lines[${i}]` });
    });
    if (errors.length)
      return {
        ok: false,
        errors: errors.map((e) => ({ ...e, productId: input.lines[Number(/\d+/.exec(e.field!)![0])]!.productId })),
      };
    for (const l of input.lines) this.stock.set(l.productId, this.stock.get(l.productId)! - l.quantity);
    const data: ReservationData = {
      id: `res_${input.key}`,
      // Split each product over two warehouses when more than one unit, to exercise shipment planning.
      lines: input.lines.flatMap((l) =>
        l.quantity > 1
          ? [
              { productId: l.productId, warehouseId: 'wh_a', lotId: null, quantity: l.quantity - 1 },
              { productId: l.productId, warehouseId: 'wh_b', lotId: null, quantity: 1 },
            ]
          : [{ productId: l.productId, warehouseId: 'wh_a', lotId: null, quantity: l.quantity }],
      ),
    };
    this.reservations.set(input.key, { data, active: true });
    return { ok: true, value: data };
  }

  /** A reservation from the seller's own warehouse (`wh_<seller>`) only, as inventory's sourceDealerId. */
  private reserveFromSeller(input: ReserveStockRequest, sellerId: string): StepOutcome<ReservationData> {
    const key = (productId: string) => `${sellerId}|${productId}`;
    const short = input.lines.findIndex((l) => (this.sellerStock.get(key(l.productId)) ?? 0) < l.quantity);
    if (short >= 0) {
      const productId = input.lines[short]!.productId;
      return {
        ok: false,
        errors: [{ code: 'INSUFFICIENT_STOCK', message: 'not enough', lineIndex: short, productId }],
      };
    }
    for (const l of input.lines)
      this.sellerStock.set(key(l.productId), this.sellerStock.get(key(l.productId))! - l.quantity);
    const warehouseId = `wh_${sellerId}`;
    const data: ReservationData = {
      id: `res_${input.key}`,
      lines: input.lines.map((l) => ({ productId: l.productId, warehouseId, lotId: null, quantity: l.quantity })),
    };
    this.reservations.set(input.key, { data, active: true, sellerId });
    return { ok: true, value: data };
  }

  async releaseReservation(key: string): Promise<void> {
    this.enter('releaseReservation');
    const r = this.reservations.get(key);
    if (!r || !r.active) return;
    r.active = false;
    for (const l of r.data.lines) {
      if (r.sellerId) {
        const k = `${r.sellerId}|${l.productId}`;
        this.sellerStock.set(k, (this.sellerStock.get(k) ?? 0) + l.quantity);
      } else this.stock.set(l.productId, (this.stock.get(l.productId) ?? 0) + l.quantity);
    }
  }

  async rebateAvailable(dealerId: string): Promise<number> {
    this.enter('rebateAvailable');
    return this.staleRebateAvailable ?? this.rebateBalances.get(dealerId) ?? 0;
  }

  async holdRebate(input: HoldRebateRequest): Promise<StepOutcome<{ id: string; amountMinor: number }>> {
    this.enter('holdRebate');
    this.sent.holdRebate = input;
    const refuse = (code: string): StepOutcome<never> => ({ ok: false, errors: [{ code, message: code }] });
    const held = this.rebateHolds.get(input.key);
    if (held) return { ok: true, value: { id: `rbh_${input.key}`, amountMinor: held.amount } };
    if (this.rebateTombstones.has(input.key)) return refuse('REBATE_HOLD_RELEASED');
    if (input.sellerDealerId) return refuse('REBATE_NOT_ALLOWED');
    if (input.amountMinor > Math.floor((input.orderTotalMinor * this.rebateMaxShareBp) / 10_000))
      return refuse('REBATE_OVER_CAP');
    const available = this.rebateBalances.get(input.dealerId) ?? 0;
    if (available < input.amountMinor) return refuse('REBATE_OVER_BALANCE');
    this.rebateBalances.set(input.dealerId, available - input.amountMinor);
    this.rebateHolds.set(input.key, { amount: input.amountMinor, dealerId: input.dealerId, active: true });
    return { ok: true, value: { id: `rbh_${input.key}`, amountMinor: input.amountMinor } };
  }

  async releaseRebateHold(key: string): Promise<void> {
    this.enter('releaseRebateHold');
    const h = this.rebateHolds.get(key);
    if (!h) this.rebateTombstones.add(key);
    if (!h || !h.active) return;
    h.active = false;
    this.rebateBalances.set(h.dealerId, (this.rebateBalances.get(h.dealerId) ?? 0) + h.amount);
  }

  /** Keys of rebate holds not released. */
  activeRebateHolds(): string[] {
    return [...this.rebateHolds].filter(([, h]) => h.active).map(([k]) => k);
  }

  async holdCredit(input: HoldCreditRequest): Promise<StepOutcome<{ id: string }>> {
    this.enter('holdCredit');
    this.sent.holdCredit = input;
    if (this.holds.has(input.key)) return { ok: true, value: { id: `crh_${input.key}` } };
    if (this.creditRefusal) return { ok: false, errors: [{ code: this.creditRefusal, message: 'refused' }] };
    const account = input.sellerDealerId ? `${input.dealerId}|${input.sellerDealerId}` : input.dealerId;
    const lines = input.sellerDealerId ? this.sellerCredit : this.credit;
    if (input.sellerDealerId && !lines.has(account))
      return { ok: false, errors: [{ code: 'NO_CREDIT_LINE', message: 'no credit line with the seller' }] };
    const available = lines.get(account) ?? 0;
    if (available < input.amountMinor)
      return { ok: false, errors: [{ code: 'CREDIT_LIMIT_EXCEEDED', message: 'over the limit' }] };
    lines.set(account, available - input.amountMinor);
    this.holds.set(input.key, {
      amount: input.amountMinor,
      dealerId: account,
      active: true,
      seller: !!input.sellerDealerId,
    });
    return { ok: true, value: { id: `crh_${input.key}` } };
  }

  async releaseCreditHold(key: string): Promise<void> {
    this.enter('releaseCreditHold');
    const h = this.holds.get(key);
    if (!h || !h.active) return;
    h.active = false;
    const lines = h.seller ? this.sellerCredit : this.credit;
    lines.set(h.dealerId, (lines.get(h.dealerId) ?? 0) + h.amount);
  }

  /** Active reservations and holds, for "nothing orphaned" assertions. */
  active(): { reservations: string[]; holds: string[] } {
    return {
      reservations: [...this.reservations].filter(([, r]) => r.active).map(([k]) => k),
      holds: [...this.holds].filter(([, h]) => h.active).map(([k]) => k),
    };
  }

  /** Keys of promotion consumptions not released. */
  activePromotions(): string[] {
    return [...this.consumptions].filter(([, c]) => c.active).map(([k]) => k);
  }
}
