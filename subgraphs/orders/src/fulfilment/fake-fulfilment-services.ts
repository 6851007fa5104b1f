import { ServiceCallError } from '@dnp/subgraph-kit';
import type {
  CheckShipCodesInput,
  CodeProblem,
  CommitPartInput,
  EffectOutcome,
  FulfilmentServices,
  InvoiceShipmentInput,
  LinkCodesInput,
  PartLine,
  PickListEntry,
  ReceiveGoodsInput,
} from './fulfilment-services.js';

/** One reservation line of the fake inventory, with what was committed and released of it. */
export interface FakeReservationLine extends Omit<PickListEntry, 'expiryStatus'> {
  committed: number;
  released: number;
}

/**
 * In-memory stand-in for inventory, finance and traceability with exactly the §21 shapes and the
 * same idempotency by key as the real services: reservations with partial commits by part key,
 * invoices by shipment id, credit holds with captured parts, serial codes in warehouses, goods
 * receipts by key. `failNext` makes calls fail in transport; `refuse` makes one operation answer
 * a business refusal.
 */
export class FakeFulfilmentServices implements FulfilmentServices {
  reservations = new Map<string, FakeReservationLine[]>();
  /** Dealer → the ids of its authorized regions (none: an empty list, as dealers answers). */
  dealerRegions = new Map<string, string[]>();
  commits = new Map<string, CommitPartInput>();
  invoices = new Map<string, InvoiceShipmentInput & { id: string }>();
  holds = new Map<string, { amountMinor: number; capturedMinor: number; released: boolean }>();
  /** Serial code → { productId, warehouseId }: what checkShipCodes knows. */
  codes = new Map<string, { productId: string; warehouseId: string; shipmentId?: string }>();
  codeLinks = new Map<string, LinkCodesInput>();
  receipts = new Map<string, ReceiveGoodsInput>();
  codeReceipts = new Set<string>();
  /** Keys whose rebate hold remainder was released. */
  rebateReleases = new Set<string>();
  calls: string[] = [];
  private failures = new Map<string, number>();
  private refusals = new Map<string, string>();

  /** The next `times` calls of `op` throw a retryable transport error. */
  failNext(op: string, times = 1): void {
    this.failures.set(op, times);
  }

  /** Every call of `op` answers the business refusal `code` (until `refuse(op, null)`). */
  refuse(op: string, code: string | null): void {
    if (code) this.refusals.set(op, code);
    else this.refusals.delete(op);
  }

  private enter(op: string): EffectOutcome<never> | null {
    this.calls.push(op);
    const left = this.failures.get(op) ?? 0;
    if (left > 0) {
      this.failures.set(op, left - 1);
      throw new ServiceCallError(op, 'SERVICE_UNAVAILABLE', 'connection refused', true);
    }
    const code = this.refusals.get(op);
    return code ? { ok: false, errors: [{ code, message: `${op} refused: ${code}` }] } : null;
  }

  /** Reserves `lines` for order `key` (what placement did), each line a lot remainder. */
  reserve(key: string, lines: Omit<FakeReservationLine, 'committed' | 'released' | 'reservationLineId'>[]): void {
    this.reservations.set(
      key,
      lines.map((l, i) => ({ ...l, reservationLineId: `rsl_${key}_${i}`, committed: 0, released: 0 })),
    );
  }

  /** Holds `amountMinor` of credit for order `key`. */
  hold(key: string, amountMinor: number): void {
    this.holds.set(key, { amountMinor, capturedMinor: 0, released: false });
  }

  async authorizedRegionIds(dealerId: string): Promise<string[]> {
    this.enter('authorizedRegionIds');
    return this.dealerRegions.get(dealerId) ?? [];
  }

  async pickList(key: string, warehouseId: string): Promise<PickListEntry[]> {
    this.enter('pickList');
    return (this.reservations.get(key) ?? [])
      .filter((l) => l.warehouseId === warehouseId && l.quantity - l.committed - l.released > 0)
      .sort(
        (a, b) =>
          (a.expiresAt ?? '9').localeCompare(b.expiresAt ?? '9') ||
          (a.lotNumber ?? '').localeCompare(b.lotNumber ?? ''),
      )
      .map((l) => ({
        reservationLineId: l.reservationLineId,
        productId: l.productId,
        warehouseId: l.warehouseId,
        lotId: l.lotId,
        lotNumber: l.lotNumber,
        expiresAt: l.expiresAt,
        expiryStatus: fakeExpiryStatus(l.expiresAt),
        quantity: l.quantity - l.committed - l.released,
      }));
  }

  async checkShipCodes(input: CheckShipCodesInput): Promise<CodeProblem[]> {
    this.enter('checkShipCodes');
    const products = new Set(input.lines.map((l) => l.productId));
    const units = input.lines.reduce((s, l) => s + l.quantity, 0);
    const problems: CodeProblem[] = [];
    for (const code of input.codes) {
      const known = this.codes.get(code);
      const problem = !known
        ? 'SERIAL_CODE_UNKNOWN'
        : known.warehouseId !== input.warehouseId || known.shipmentId
          ? 'SERIAL_CODE_NOT_IN_WAREHOUSE'
          : !products.has(known.productId)
            ? 'SERIAL_CODE_PRODUCT_MISMATCH'
            : null;
      if (problem) problems.push({ code, errorCode: problem, message: `${code}: ${problem}` });
    }
    if (input.codes.length > units)
      problems.push({
        code: input.codes.at(-1)!,
        errorCode: 'SERIAL_CODES_EXCEED_QUANTITY',
        message: 'too many codes',
      });
    return problems;
  }

  async commitReservationPart(input: CommitPartInput): Promise<EffectOutcome<{ lots: PartLine[] }>> {
    const refused = this.enter('commitReservationPart');
    if (refused) return refused;
    const before = this.commits.get(input.partKey);
    if (before) {
      if (JSON.stringify(before.lines) !== JSON.stringify(input.lines))
        return { ok: false, errors: [{ code: 'IDEMPOTENCY_KEY_REUSED', message: 'another part under this key' }] };
      return { ok: true, value: { lots: before.lines } };
    }
    const lines = this.reservations.get(input.key);
    if (!lines) return { ok: false, errors: [{ code: 'NOT_FOUND', message: 'no reservation' }] };
    const plan: [FakeReservationLine, number][] = [];
    for (const part of input.lines) {
      const line = lines.find(
        (l) => l.productId === part.productId && l.warehouseId === part.warehouseId && l.lotId === part.lotId,
      );
      if (!line || line.quantity - line.committed - line.released < part.quantity)
        return { ok: false, errors: [{ code: 'LOT_NOT_RESERVED', message: `${part.productId} not reserved` }] };
      plan.push([line, part.quantity]);
    }
    for (const [line, q] of plan) line.committed += q;
    this.commits.set(input.partKey, input);
    return { ok: true, value: { lots: input.lines } };
  }

  async invoiceShipment(input: InvoiceShipmentInput): Promise<EffectOutcome<{ invoiceId: string }>> {
    const refused = this.enter('invoiceShipment');
    if (refused) return refused;
    const existing = this.invoices.get(input.shipmentId);
    if (existing) return { ok: true, value: { invoiceId: existing.id } };
    const id = `inv_${input.shipmentId}`;
    this.invoices.set(input.shipmentId, { ...input, id });
    const hold = this.holds.get(input.orderId);
    if (hold && !hold.released) {
      const gross = input.lines.reduce((s, l) => s + Number(l.grossMinor), 0);
      hold.capturedMinor += Math.min(gross, hold.amountMinor - hold.capturedMinor);
    }
    return { ok: true, value: { invoiceId: id } };
  }

  async linkShipmentCodes(input: LinkCodesInput): Promise<EffectOutcome<{ codeCount: number }>> {
    const refused = this.enter('linkShipmentCodes');
    if (refused) return refused;
    if (!this.codeLinks.has(input.key)) {
      this.codeLinks.set(input.key, input);
      for (const code of input.codes) {
        const known = this.codes.get(code);
        if (known) known.shipmentId = input.shipmentId;
      }
    }
    return { ok: true, value: { codeCount: this.codeLinks.get(input.key)!.codes.length } };
  }

  async receiveGoods(input: ReceiveGoodsInput): Promise<EffectOutcome<{ received: boolean }>> {
    const refused = this.enter('receiveGoods');
    if (refused) return refused;
    if (!this.receipts.has(input.key)) this.receipts.set(input.key, input);
    return { ok: true, value: { received: true } };
  }

  async receiveShipmentCodes(input: {
    key: string;
    shipmentId: string;
  }): Promise<EffectOutcome<{ codeCount: number }>> {
    const refused = this.enter('receiveShipmentCodes');
    if (refused) return refused;
    this.codeReceipts.add(input.key);
    return {
      ok: true,
      value: { codeCount: [...this.codes.values()].filter((c) => c.shipmentId === input.shipmentId).length },
    };
  }

  async releaseReservation(key: string): Promise<void> {
    this.enter('releaseReservation');
    for (const l of this.reservations.get(key) ?? []) l.released = l.quantity - l.committed;
  }

  async releaseCreditHold(key: string): Promise<void> {
    this.enter('releaseCreditHold');
    const hold = this.holds.get(key);
    if (hold) hold.released = true;
  }

  async releaseRebateHold(key: string): Promise<void> {
    this.enter('releaseRebateHold');
    this.rebateReleases.add(key);
  }

  /** Units of order `key` neither committed nor released. */
  remainder(key: string): number {
    return (this.reservations.get(key) ?? []).reduce((s, l) => s + l.quantity - l.committed - l.released, 0);
  }

  /** Units of order `key` committed so far. */
  committed(key: string): number {
    return (this.reservations.get(key) ?? []).reduce((s, l) => s + l.committed, 0);
  }
}

/** Inventory's warning level of a lot under its default thresholds (30/90/180 days, days rounded up). */
function fakeExpiryStatus(expiresAt: string | null): string | null {
  if (!expiresAt) return null;
  const days = Math.ceil((new Date(expiresAt).getTime() - Date.now()) / 86_400_000);
  return days <= 30 ? 'RED' : days <= 90 ? 'YELLOW' : days <= 180 ? 'BLUE' : 'OK';
}
