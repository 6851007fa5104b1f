import { ServiceClient, serviceUrls } from '@dnp/subgraph-kit';

/** One reservation remainder of an order in a warehouse (inventory `pickList`, FEFO). */
export interface PickListEntry {
  reservationLineId: string;
  productId: string;
  warehouseId: string;
  lotId: string | null;
  lotNumber: string | null;
  /** ISO-8601, or null. */
  expiresAt: string | null;
  /** The lot's warning level as inventory answers `Lot.expiryStatus` (RED, YELLOW, BLUE, OK); null without a lot. */
  expiryStatus: string | null;
  quantity: number;
}

/** Units of one product (and lot) a part commits. */
export interface PartLine {
  productId: string;
  warehouseId: string;
  lotId: string | null;
  quantity: number;
}

/** inventory `commitReservationPart` input (key = the order id, partKey = the shipment id). */
export interface CommitPartInput {
  key: string;
  partKey: string;
  lines: PartLine[];
}

/** One line of finance's `invoiceShipment`; `grossMinor` is the shipped part's value (parts rule). */
export interface InvoiceLineInput {
  orderLineId: string;
  productId: string;
  sku: string;
  productName: string;
  quantity: number;
  isGift: boolean;
  taxClass: string;
  grossMinor: string;
}

/** finance `invoiceShipment` input (idempotent by shipmentId). */
export interface InvoiceShipmentInput {
  shipmentId: string;
  shipmentNumber: string;
  orderId: string;
  orderNumber: string;
  dealerId: string;
  /** ISO-8601. */
  shippedAt: string;
  lines: InvoiceLineInput[];
  /** Two-tier: the selling parent; finance numbers on its series, posts on the line it grants (absent: brand). */
  sellerDealerId?: string;
}

/** traceability `linkShipmentCodes` input. */
export interface LinkCodesInput {
  key: string;
  shipmentId: string;
  orderId: string;
  dealerId: string;
  dealerRegionPath: string;
  authorizedRegionIds: string[];
  warehouseId: string;
  codes: string[];
}

/** One line of inventory `receiveGoods`. */
export interface ReceiveLineInput {
  productId: string;
  lotNumber: string | null;
  expiresAt: string | null;
  quantity: number;
  quarantined: boolean;
}

/** inventory `receiveGoods` input (DEALER_RECEIPT: no warehouseId, the dealer's own warehouse). */
export interface ReceiveGoodsInput {
  key: string;
  kind: 'DEALER_RECEIPT' | 'RETURN_IN';
  warehouseId?: string | null;
  dealerId: string;
  reference?: string | null;
  lines: ReceiveLineInput[];
}

/** traceability `checkShipCodes` input (nothing written). */
export interface CheckShipCodesInput {
  warehouseId: string;
  lines: { productId: string; quantity: number }[];
  codes: string[];
}

/** A per-code refusal of traceability's checks. */
export interface CodeProblem {
  code: string;
  errorCode: string;
  message: string;
}

/** A refusal of a remote effect: one code, as the service answered it. */
export interface EffectRefusal {
  code: string;
  message: string;
}

/** A remote effect's answer: its value, or the service's refusals. */
export type EffectOutcome<T> = { ok: true; value: T } | { ok: false; errors: EffectRefusal[] };

/**
 * What fulfilment asks of inventory, finance and traceability (docs/design/order-to-cash.md §21):
 * SERVICE-only operations idempotent by their key. Transport failures throw a retryable
 * `ServiceCallError`; business refusals come back as `{ ok: false }`. Specs use
 * `FakeFulfilmentServices`; production `RemoteFulfilmentServices`.
 */
export interface FulfilmentServices {
  pickList(key: string, warehouseId: string): Promise<PickListEntry[]>;
  /** The ids of the dealer's authorized regions (dealers `authorizedRegionPaths`); empty when it has none. */
  authorizedRegionIds(dealerId: string): Promise<string[]>;
  checkShipCodes(input: CheckShipCodesInput): Promise<CodeProblem[]>;
  commitReservationPart(input: CommitPartInput): Promise<EffectOutcome<{ lots: PartLine[] }>>;
  invoiceShipment(input: InvoiceShipmentInput): Promise<EffectOutcome<{ invoiceId: string }>>;
  linkShipmentCodes(input: LinkCodesInput): Promise<EffectOutcome<{ codeCount: number }>>;
  receiveGoods(input: ReceiveGoodsInput): Promise<EffectOutcome<{ received: boolean }>>;
  receiveShipmentCodes(input: {
    key: string;
    shipmentId: string;
    warehouseId?: string | null;
  }): Promise<EffectOutcome<{ codeCount: number }>>;
  releaseReservation(key: string): Promise<void>;
  releaseCreditHold(key: string): Promise<void>;
  /** finance's releaseRebateHold: the rebate hold's remainder given back (idempotent). */
  releaseRebateHold(key: string): Promise<void>;
}

interface RawError {
  code: string;
  message: string;
}

/** A payload's errors as an outcome (its value when there are none). */
function outcome<T>(errors: RawError[], value: () => T): EffectOutcome<T> {
  return errors.length
    ? { ok: false, errors: errors.map((e) => ({ code: e.code, message: e.message })) }
    : { ok: true, value: value() };
}

const PICK_LIST = `query FulfilmentPickList($key: String!, $warehouseId: ID!) {
  pickList(key: $key, warehouseId: $warehouseId) {
    reservationLineId productId warehouseId lotId lotNumber expiresAt expiryStatus quantity
  } }`;
const DEALER_REGIONS = `query FulfilmentDealerRegions($r: [_Any!]!) {
  _entities(representations: $r) { ... on Dealer { authorizedRegionPaths } } }`;
const CHECK_CODES = `query FulfilmentCheckShipCodes($input: CheckShipCodesInput!) {
  checkShipCodes(input: $input) { code errorCode message } }`;
const COMMIT_PART = `mutation FulfilmentCommitPart($input: CommitReservationPartInput!) {
  commitReservationPart(input: $input) {
    lots { productId warehouseId lotId quantity } errors { code message }
  } }`;
const INVOICE = `mutation FulfilmentInvoice($input: InvoiceShipmentInput!) {
  invoiceShipment(input: $input) { invoice { id } errors { code message } } }`;
const LINK_CODES = `mutation FulfilmentLinkCodes($input: LinkShipmentCodesInput!) {
  linkShipmentCodes(input: $input) { codeCount errors { code message } } }`;
const RECEIVE_GOODS = `mutation FulfilmentReceiveGoods($input: ReceiveGoodsInput!) {
  receiveGoods(input: $input) { received errors { code message } } }`;
const RECEIVE_CODES = `mutation FulfilmentReceiveCodes($input: ReceiveShipmentCodesInput!) {
  receiveShipmentCodes(input: $input) { codeCount errors { code message } } }`;

/** Fulfilment's remote services over HTTP, as the SERVICE identity (the exact §21 contracts). */
export class RemoteFulfilmentServices implements FulfilmentServices {
  private readonly clients: Record<'inventory' | 'finance' | 'traceability' | 'dealers', ServiceClient>;

  constructor(opts: { subgraphUrls: string; secret: string; timeoutMs: number }) {
    const urls = serviceUrls(opts.subgraphUrls);
    const client = (target: 'inventory' | 'finance' | 'traceability' | 'dealers') =>
      new ServiceClient({
        caller: 'orders',
        target,
        url: urls[target]!,
        secret: opts.secret,
        timeoutMs: opts.timeoutMs,
        connections: 32,
      });
    this.clients = {
      inventory: client('inventory'),
      finance: client('finance'),
      traceability: client('traceability'),
      dealers: client('dealers'),
    };
  }

  async authorizedRegionIds(dealerId: string): Promise<string[]> {
    const data = await this.clients.dealers.request<{
      _entities: ({ authorizedRegionPaths: string[] } | null)[];
    }>(DEALER_REGIONS, { r: [{ __typename: 'Dealer', id: dealerId }] });
    // A path names the region last: "/reg_cn/reg_east/reg_js/" → "reg_js".
    return (data._entities[0]?.authorizedRegionPaths ?? []).map((p) => p.split('/').filter(Boolean).at(-1)!);
  }

  async pickList(key: string, warehouseId: string): Promise<PickListEntry[]> {
    const data = await this.clients.inventory.request<{ pickList: PickListEntry[] }>(PICK_LIST, { key, warehouseId });
    return data.pickList;
  }

  async checkShipCodes(input: CheckShipCodesInput): Promise<CodeProblem[]> {
    const data = await this.clients.traceability.request<{ checkShipCodes: CodeProblem[] }>(CHECK_CODES, { input });
    return data.checkShipCodes;
  }

  async commitReservationPart(input: CommitPartInput): Promise<EffectOutcome<{ lots: PartLine[] }>> {
    const data = await this.clients.inventory.request<{
      commitReservationPart: { lots: PartLine[]; errors: RawError[] };
    }>(COMMIT_PART, { input });
    const r = data.commitReservationPart;
    return outcome(r.errors, () => ({ lots: r.lots }));
  }

  async invoiceShipment(input: InvoiceShipmentInput): Promise<EffectOutcome<{ invoiceId: string }>> {
    const data = await this.clients.finance.request<{
      invoiceShipment: { invoice: { id: string } | null; errors: RawError[] };
    }>(INVOICE, { input });
    const r = data.invoiceShipment;
    const errors = r.errors.length || r.invoice ? r.errors : [{ code: 'NOT_FOUND', message: 'No invoice issued' }];
    return outcome(errors, () => ({ invoiceId: r.invoice!.id }));
  }

  async linkShipmentCodes(input: LinkCodesInput): Promise<EffectOutcome<{ codeCount: number }>> {
    const data = await this.clients.traceability.request<{
      linkShipmentCodes: { codeCount: number; errors: RawError[] };
    }>(LINK_CODES, { input });
    const r = data.linkShipmentCodes;
    return outcome(r.errors, () => ({ codeCount: r.codeCount }));
  }

  async receiveGoods(input: ReceiveGoodsInput): Promise<EffectOutcome<{ received: boolean }>> {
    const data = await this.clients.inventory.request<{ receiveGoods: { received: boolean; errors: RawError[] } }>(
      RECEIVE_GOODS,
      { input },
    );
    const r = data.receiveGoods;
    return outcome(r.errors, () => ({ received: r.received }));
  }

  async receiveShipmentCodes(input: {
    key: string;
    shipmentId: string;
    warehouseId?: string | null;
  }): Promise<EffectOutcome<{ codeCount: number }>> {
    const data = await this.clients.traceability.request<{
      receiveShipmentCodes: { codeCount: number; errors: RawError[] };
    }>(RECEIVE_CODES, { input });
    const r = data.receiveShipmentCodes;
    return outcome(r.errors, () => ({ codeCount: r.codeCount }));
  }

  async releaseReservation(key: string): Promise<void> {
    await this.clients.inventory.request(
      'mutation FulfilmentRelease($key: String!) { releaseReservation(key: $key) { __typename } }',
      { key },
    );
  }

  async releaseCreditHold(key: string): Promise<void> {
    await this.clients.finance.request(
      'mutation FulfilmentReleaseHold($key: String!) { releaseCreditHold(key: $key) { __typename } }',
      { key },
    );
  }

  async releaseRebateHold(key: string): Promise<void> {
    await this.clients.finance.request(
      'mutation FulfilmentReleaseRebateHold($key: String!) { releaseRebateHold(key: $key) { __typename } }',
      { key },
    );
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.clients).map((c) => c.close()));
  }
}
