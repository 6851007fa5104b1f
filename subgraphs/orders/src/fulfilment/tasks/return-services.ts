import { ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import { config } from '../../config.js';

/** A refusal a service answered: one code. */
export interface ServiceRefusal {
  code: string;
  message: string;
}

/** A remote operation's answer: its value, or the service's refusals. */
export type ReturnOutcome<T> = { ok: true; value: T } | { ok: false; errors: ServiceRefusal[] };

/** A per-code refusal of traceability's `checkReturnCodes`. */
export interface ReturnCodeProblem {
  code: string;
  errorCode: string;
  message: string;
}

/** traceability `checkReturnCodes` input (nothing written). */
export interface CheckReturnCodesInput {
  dealerId: string;
  lines: { productId: string; quantity: number }[];
  codes: string[];
}

/** One line of inventory's `receiveGoods` / `takeBackGoods`. */
export interface GoodsLineInput {
  productId: string;
  lotNumber: string | null;
  /** ISO-8601, or null. */
  expiresAt: string | null;
  quantity: number;
  quarantined: boolean;
}

/** inventory `takeBackGoods`: the returned units leave the dealer's own warehouse (RETURN_OUT). */
export interface TakeBackGoodsInput {
  key: string;
  dealerId: string;
  reference: string | null;
  lines: GoodsLineInput[];
}

/** inventory `restoreGoods`: puts back what a take back took, or only `lines` of it (RETURN_CANCELLED). */
export interface RestoreGoodsInput {
  key: string;
  takeBackKey: string;
  lines?: GoodsLineInput[];
}

/** inventory `receiveGoods` with kind RETURN_IN: the returned units arrive in the target warehouse. */
export interface ReturnInInput {
  key: string;
  kind: 'RETURN_IN';
  warehouseId: string;
  dealerId: string;
  reference: string | null;
  lines: GoodsLineInput[];
}

/** traceability `returnCodes`: the codes RETURNED into the target warehouse. */
export interface ReturnCodesInput {
  key: string;
  returnId: string;
  warehouseId: string;
  codes: string[];
  quarantined: boolean;
}

/** One line of finance's `issueCreditNote`; `grossMinor` is the credited value (parts rule). */
export interface CreditNoteLineInput {
  productId: string;
  sku: string;
  productName: string;
  quantity: number;
  taxClass: string;
  grossMinor: string;
}

/** finance `issueCreditNote` input (idempotent by sourceKey). */
export interface IssueCreditNoteInput {
  sourceKey: string;
  kind: 'RETURN';
  dealerId: string;
  shipmentId: string | null;
  orderId: string;
  reason: string;
  lines: CreditNoteLineInput[];
  /** Two-tier: the selling parent; finance numbers on its series, credits the line it grants (absent: brand). */
  sellerDealerId?: string;
}

/** A warehouse as the review's target check needs it. */
export interface ReturnWarehouse {
  id: string;
  kind: string;
  dealerId: string | null;
}

/**
 * What returns ask of inventory, finance and traceability (docs/design/order-to-cash.md §21): SERVICE-only
 * operations idempotent by their key. Transport failures throw a retryable `ServiceCallError`; business
 * refusals come back as `{ ok: false }`. Specs use `FakeReturnServices`; production `RemoteReturnServices`.
 */
export interface ReturnServices {
  warehouse(id: string): Promise<ReturnWarehouse | null>;
  checkReturnCodes(input: CheckReturnCodesInput): Promise<ReturnCodeProblem[]>;
  /** What takeBackGoods would refuse for `input` (nothing written); empty when the dealer's stock covers it. */
  checkTakeBack(input: TakeBackGoodsInput): Promise<ServiceRefusal[]>;
  takeBackGoods(input: TakeBackGoodsInput): Promise<ReturnOutcome<{ received: boolean }>>;
  restoreGoods(input: RestoreGoodsInput): Promise<ReturnOutcome<{ received: boolean }>>;
  receiveReturnGoods(input: ReturnInInput): Promise<ReturnOutcome<{ received: boolean }>>;
  returnCodes(input: ReturnCodesInput): Promise<ReturnOutcome<{ codeCount: number }>>;
  issueCreditNote(input: IssueCreditNoteInput): Promise<ReturnOutcome<{ creditNoteId: string }>>;
}

interface RawError {
  code: string;
  message: string;
}

/** A payload's errors as an outcome (its value when there are none). */
function outcome<T>(errors: RawError[], value: () => T): ReturnOutcome<T> {
  if (!errors.length) return { ok: true, value: value() };
  return { ok: false, errors: errors.map(({ code, message }) => ({ code, message })) };
}

const GOODS_PAYLOAD = '{ received errors { code message } }';
const OPS = {
  warehouse:
    'query ReturnWarehouse($r: [_Any!]!) { _entities(representations: $r) { ' +
    '... on Warehouse { id kind dealer { id } } } }',
  checkCodes:
    'query ReturnCheckCodes($input: CheckReturnCodesInput!) { ' +
    'checkReturnCodes(input: $input) { code errorCode message } }',
  checkTakeBack:
    'query ReturnCheckTakeBack($input: TakeBackGoodsInput!) { checkTakeBackGoods(input: $input) { code message } }',
  takeBack: `mutation ReturnTakeBack($input: TakeBackGoodsInput!) { takeBackGoods(input: $input) ${GOODS_PAYLOAD} }`,
  restore: `mutation ReturnRestore($input: RestoreGoodsInput!) { restoreGoods(input: $input) ${GOODS_PAYLOAD} }`,
  receive: `mutation ReturnReceive($input: ReceiveGoodsInput!) { receiveGoods(input: $input) ${GOODS_PAYLOAD} }`,
  codes:
    'mutation ReturnCodes($input: ReturnCodesInput!) { ' +
    'returnCodes(input: $input) { codeCount errors { code message } } }',
  credit:
    'mutation ReturnCredit($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { ' +
    'creditNote { id } errors { code message } } }',
};

type Target = 'inventory' | 'finance' | 'traceability';

/** Returns' remote services over HTTP, as the SERVICE identity (the exact §21 contracts). */
export class RemoteReturnServices implements ReturnServices {
  private readonly clients: Record<Target, ServiceClient>;

  constructor(opts: { subgraphUrls: string; secret: string; timeoutMs: number }) {
    const urls = serviceUrls(opts.subgraphUrls);
    const client = (target: Target) =>
      new ServiceClient({
        caller: 'orders',
        target,
        url: urls[target]!,
        secret: opts.secret,
        timeoutMs: opts.timeoutMs,
      });
    this.clients = { inventory: client('inventory'), finance: client('finance'), traceability: client('traceability') };
  }

  async warehouse(id: string): Promise<ReturnWarehouse | null> {
    const data = await this.clients.inventory.request<{
      _entities: ({ id: string; kind: string; dealer: { id: string } | null } | null)[];
    }>(OPS.warehouse, { r: [{ __typename: 'Warehouse', id }] });
    const w = data._entities[0];
    return w ? { id: w.id, kind: w.kind, dealerId: w.dealer?.id ?? null } : null;
  }

  async checkReturnCodes(input: CheckReturnCodesInput): Promise<ReturnCodeProblem[]> {
    const data = await this.clients.traceability.request<{ checkReturnCodes: ReturnCodeProblem[] }>(OPS.checkCodes, {
      input,
    });
    return data.checkReturnCodes;
  }

  async checkTakeBack(input: TakeBackGoodsInput): Promise<ServiceRefusal[]> {
    const data = await this.clients.inventory.request<{ checkTakeBackGoods: RawError[] }>(OPS.checkTakeBack, {
      input,
    });
    return data.checkTakeBackGoods.map(({ code, message }) => ({ code, message }));
  }

  takeBackGoods(input: TakeBackGoodsInput): Promise<ReturnOutcome<{ received: boolean }>> {
    return this.goods(OPS.takeBack, 'takeBackGoods', input);
  }

  restoreGoods(input: RestoreGoodsInput): Promise<ReturnOutcome<{ received: boolean }>> {
    return this.goods(OPS.restore, 'restoreGoods', input);
  }

  receiveReturnGoods(input: ReturnInInput): Promise<ReturnOutcome<{ received: boolean }>> {
    return this.goods(OPS.receive, 'receiveGoods', input);
  }

  async returnCodes(input: ReturnCodesInput): Promise<ReturnOutcome<{ codeCount: number }>> {
    const data = await this.clients.traceability.request<{ returnCodes: { codeCount: number; errors: RawError[] } }>(
      OPS.codes,
      { input },
    );
    return outcome(data.returnCodes.errors, () => ({ codeCount: data.returnCodes.codeCount }));
  }

  async issueCreditNote(input: IssueCreditNoteInput): Promise<ReturnOutcome<{ creditNoteId: string }>> {
    const data = await this.clients.finance.request<{
      issueCreditNote: { creditNote: { id: string } | null; errors: RawError[] };
    }>(OPS.credit, { input });
    const r = data.issueCreditNote;
    const errors =
      r.errors.length || r.creditNote ? r.errors : [{ code: 'NOT_FOUND', message: 'No credit note issued' }];
    return outcome(errors, () => ({ creditNoteId: r.creditNote!.id }));
  }

  private async goods(op: string, field: string, input: object): Promise<ReturnOutcome<{ received: boolean }>> {
    const data = await this.clients.inventory.request<Record<string, { received: boolean; errors: RawError[] }>>(op, {
      input,
    });
    const r = data[field]!;
    return outcome(r.errors, () => ({ received: r.received }));
  }
}

let current: ReturnServices | undefined;

/** The process's return services: built on first use from the configuration, or the ones a spec installed. */
export function returnServices(): ReturnServices {
  current ??= new RemoteReturnServices({
    subgraphUrls: config.SUBGRAPH_URLS,
    secret: config.INTERNAL_JWT_SECRET,
    timeoutMs: config.SAGA_STEP_TIMEOUT_MS,
  });
  return current;
}

/** Installs return services (specs pass fakes); returns the previous ones. */
export function useReturnServices(next: ReturnServices | undefined): ReturnServices | undefined {
  const previous = current;
  current = next;
  return previous;
}
