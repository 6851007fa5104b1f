import type {
  CheckReturnCodesInput,
  IssueCreditNoteInput,
  ReturnCodeProblem,
  ReturnCodesInput,
  ReturnInInput,
  RestoreGoodsInput,
  ReturnOutcome,
  ReturnServices,
  ReturnWarehouse,
  ServiceRefusal,
  TakeBackGoodsInput,
} from './return-services.js';

/**
 * In-memory stand-in for the return operations of inventory, finance and traceability, with the §21
 * shapes and the same idempotency by key: a dealer's own stock per product (taken back and restored),
 * receipts, returned codes and credit notes by key. `refuse` makes one operation answer a refusal.
 */
export class FakeReturnServices implements ReturnServices {
  warehouses = new Map<string, ReturnWarehouse>();
  /** Serial code → the dealer that owns it (what checkReturnCodes knows). */
  ownedCodes = new Map<string, { dealerId: string; productId: string }>();
  /** Dealer → product → sellable units in its own warehouse. */
  dealerStock = new Map<string, Map<string, number>>();
  takeBacks = new Map<string, TakeBackGoodsInput>();
  restores = new Map<string, string>();
  receipts = new Map<string, ReturnInInput>();
  returnedCodes = new Map<string, ReturnCodesInput>();
  creditNotes = new Map<string, IssueCreditNoteInput & { id: string }>();
  calls: string[] = [];
  private refusals = new Map<string, string>();

  /** Every call of `op` answers the refusal `code` (until `refuse(op, null)`). */
  refuse(op: string, code: string | null): void {
    if (code) this.refusals.set(op, code);
    else this.refusals.delete(op);
  }

  /** Sets the dealer's sellable units of a product. */
  stock(dealerId: string, productId: string, units: number): void {
    if (!this.dealerStock.has(dealerId)) this.dealerStock.set(dealerId, new Map());
    this.dealerStock.get(dealerId)!.set(productId, units);
  }

  /** The dealer's sellable units of a product. */
  units(dealerId: string, productId: string): number {
    return this.dealerStock.get(dealerId)?.get(productId) ?? 0;
  }

  /** True when the dealer's own stock holds every line's units. */
  private covers(input: TakeBackGoodsInput): boolean {
    const asked = new Map<string, number>();
    for (const l of input.lines) asked.set(l.productId, (asked.get(l.productId) ?? 0) + l.quantity);
    return [...asked].every(([productId, units]) => this.units(input.dealerId, productId) >= units);
  }

  private enter(op: string): ReturnOutcome<never> | null {
    this.calls.push(op);
    const code = this.refusals.get(op);
    return code ? { ok: false, errors: [{ code, message: `${op} refused: ${code}` }] } : null;
  }

  async warehouse(id: string): Promise<ReturnWarehouse | null> {
    this.calls.push('warehouse');
    return this.warehouses.get(id) ?? null;
  }

  async checkReturnCodes(input: CheckReturnCodesInput): Promise<ReturnCodeProblem[]> {
    this.calls.push('checkReturnCodes');
    return input.codes
      .filter((code) => this.ownedCodes.get(code)?.dealerId !== input.dealerId)
      .map((code) => ({ code, errorCode: 'SERIAL_CODE_NOT_OWNED', message: `${code} is not the dealer's` }));
  }

  async checkTakeBack(input: TakeBackGoodsInput): Promise<ServiceRefusal[]> {
    const refused = this.enter('checkTakeBack');
    if (refused && !refused.ok) return refused.errors;
    return this.covers(input) ? [] : [{ code: 'DEALER_STOCK_INSUFFICIENT', message: 'not enough dealer stock' }];
  }

  async takeBackGoods(input: TakeBackGoodsInput): Promise<ReturnOutcome<{ received: boolean }>> {
    const refused = this.enter('takeBackGoods');
    if (refused) return refused;
    if (this.takeBacks.has(input.key)) return { ok: true, value: { received: true } };
    if (!this.covers(input))
      return { ok: false, errors: [{ code: 'DEALER_STOCK_INSUFFICIENT', message: 'not enough dealer stock' }] };
    for (const l of input.lines)
      this.stock(input.dealerId, l.productId, this.units(input.dealerId, l.productId) - l.quantity);
    this.takeBacks.set(input.key, input);
    return { ok: true, value: { received: true } };
  }

  async restoreGoods(input: RestoreGoodsInput): Promise<ReturnOutcome<{ received: boolean }>> {
    const refused = this.enter('restoreGoods');
    if (refused) return refused;
    const taken = this.takeBacks.get(input.takeBackKey);
    if (!this.restores.has(input.key) && taken) {
      for (const l of input.lines ?? taken.lines)
        this.stock(taken.dealerId, l.productId, this.units(taken.dealerId, l.productId) + l.quantity);
      this.restores.set(input.key, input.takeBackKey);
    }
    return { ok: true, value: { received: Boolean(taken) } };
  }

  /** Enters `op` and stores the first input under its key (a replay answers like the first call). */
  private once<T>(op: string, map: Map<string, T>, key: string, input: T): ReturnOutcome<never> | null {
    const refused = this.enter(op);
    if (!refused && !map.has(key)) map.set(key, input);
    return refused;
  }

  async receiveReturnGoods(input: ReturnInInput): Promise<ReturnOutcome<{ received: boolean }>> {
    return this.once('receiveGoods', this.receipts, input.key, input) ?? { ok: true, value: { received: true } };
  }

  async returnCodes(input: ReturnCodesInput): Promise<ReturnOutcome<{ codeCount: number }>> {
    const answered = this.once('returnCodes', this.returnedCodes, input.key, input);
    return answered ?? { ok: true, value: { codeCount: input.codes.length } };
  }

  async issueCreditNote(input: IssueCreditNoteInput): Promise<ReturnOutcome<{ creditNoteId: string }>> {
    const refused = this.enter('issueCreditNote');
    if (refused) return refused;
    const existing = this.creditNotes.get(input.sourceKey);
    if (existing) return { ok: true, value: { creditNoteId: existing.id } };
    const id = `crn_${this.creditNotes.size + 1}`;
    this.creditNotes.set(input.sourceKey, { ...input, id });
    return { ok: true, value: { creditNoteId: id } };
  }
}
