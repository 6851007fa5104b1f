import type { OrderLine } from '../entities/order-line.entity.js';
import { OrderStatus, type Order } from '../entities/order.entity.js';
import type { ShipmentLine } from '../entities/shipment-line.entity.js';
import { ShipmentStatus, type Shipment } from '../entities/shipment.entity.js';
import type { FulfilmentServices } from '../fulfilment/fulfilment-services.js';
import { lineError, orderError, OrderErrorCode, type OrderErrorData } from '../saga/order-error.js';
import type { ShipShipmentInput } from '../schema/shipment.input.js';
import { allocateLots, type LotTake, type ShipLineRequest } from './ship-lots.rule.js';

/** Most serial codes one shipment may scan out. */
export const MAX_SERIAL_CODES = 5000;
const TRACKING = /^[A-Za-z0-9-]{6,40}$/;
const MAX_NOTE = 500;

/** Everything T1 writes, decided before it starts. */
export interface ShipPlan {
  shipment: Shipment;
  carrier: string;
  trackingNumber: string;
  note: string | null;
  /** What ships now, per order line. */
  lines: { orderLineId: string; productId: string; quantity: number }[];
  /** The shipment's lines as read. */
  shipmentLines: ShipmentLine[];
  orderLines: Map<string, OrderLine>;
  takes: LotTake[];
  codes: string[];
  /** The dealer's authorized regions, which the codes' owner record carries (its home region when it has none). */
  authorizedRegionIds: string[];
}

/** What the check reads. */
export interface ShipFacts {
  shipment: Shipment;
  order: Order;
  lines: ShipmentLine[];
  orderLines: OrderLine[];
}

/** Status refusals: the shipment and its order must be shippable. */
function statusErrors(shipment: Shipment, order: Order): OrderErrorData[] {
  if (shipment.status === ShipmentStatus.CANCELLED)
    return [orderError(OrderErrorCode.SHIPMENT_CANCELLED, 'The shipment was cancelled')];
  if (shipment.status !== ShipmentStatus.PICKING)
    return [orderError(OrderErrorCode.SHIPMENT_ALREADY_SHIPPED, `The shipment is ${shipment.status} already`)];
  if (order.status !== OrderStatus.APPROVED && order.status !== OrderStatus.PARTIALLY_SHIPPED)
    return [orderError(OrderErrorCode.ORDER_NOT_SHIPPABLE, `An order in status ${order.status} does not ship`)];
  return [];
}

/** Carrier, tracking number, note and codes as given. */
function fieldErrors(input: ShipShipmentInput, codes: string[]): OrderErrorData[] {
  const errors: OrderErrorData[] = [];
  const carrier = input.carrier?.trim() ?? '';
  if (!carrier || carrier.length > 60)
    errors.push(orderError(OrderErrorCode.CARRIER_INVALID, 'carrier is 1 to 60 characters', 'carrier'));
  if (!TRACKING.test(input.trackingNumber?.trim() ?? ''))
    errors.push(
      orderError(
        OrderErrorCode.TRACKING_NUMBER_INVALID,
        'trackingNumber is 6 to 40 letters, digits or -',
        'trackingNumber',
      ),
    );
  if (input.note != null && input.note.length > MAX_NOTE)
    errors.push(orderError(OrderErrorCode.BAD_USER_INPUT, `note is at most ${MAX_NOTE} characters`, 'note'));
  if (codes.length > MAX_SERIAL_CODES)
    errors.push(orderError(OrderErrorCode.TOO_MANY_SERIAL_CODES, `At most ${MAX_SERIAL_CODES} codes`, 'serialCodes'));
  else if (new Set(codes).size !== codes.length)
    errors.push(orderError(OrderErrorCode.SERIAL_CODE_DUPLICATE, 'A serial code is scanned twice', 'serialCodes'));
  return errors;
}

/** The lines to ship (all of the shipment when omitted), with their refusals. */
function requestedLines(
  input: ShipShipmentInput,
  facts: ShipFacts,
): { lines: ShipLineRequest[]; errors: OrderErrorData[] } {
  const own = new Map(facts.lines.map((l) => [l.orderLineId, l]));
  const products = new Map(facts.orderLines.map((l) => [l.id, l.productId]));
  if (input.lines == null)
    return {
      lines: facts.lines.map((l, index) => ({
        orderLineId: l.orderLineId,
        productId: products.get(l.orderLineId)!,
        quantity: l.quantity,
        index,
      })),
      errors: [],
    };
  if (!input.lines.length)
    return { lines: [], errors: [orderError(OrderErrorCode.LINES_EMPTY, 'Ship at least one line', 'lines')] };
  const errors: OrderErrorData[] = [];
  const seen = new Set<string>();
  input.lines.forEach((l, i) => {
    const line = own.get(l.orderLineId);
    if (!line || seen.has(l.orderLineId))
      errors.push(
        lineError(OrderErrorCode.LINE_NOT_IN_SHIPMENT, `${l.orderLineId} is not (again) a line of the shipment`, i),
      );
    else if (!Number.isInteger(l.quantity) || l.quantity < 1)
      errors.push(
        lineError(OrderErrorCode.QUANTITY_INVALID, 'quantity is a whole number from 1', i, {
          field: `lines[${i}].quantity`,
        }),
      );
    else if (l.quantity > line.quantity)
      errors.push(
        lineError(
          OrderErrorCode.QUANTITY_EXCEEDS_RESERVED,
          `The shipment carries ${line.quantity} units of the line`,
          i,
          {
            field: `lines[${i}].quantity`,
          },
        ),
      );
    seen.add(l.orderLineId);
  });
  const lines = input.lines.map((l, index) => ({
    orderLineId: l.orderLineId,
    productId: products.get(l.orderLineId) ?? '',
    quantity: l.quantity,
    lots: l.lots,
    index,
  }));
  return { lines, errors };
}

/**
 * Every shipShipment check, writing nothing (docs/design/order-to-cash.md §11.1): the statuses,
 * the fields, the lines, the lots against inventory's pick list, the codes against traceability.
 * Answers the plan T1 writes, or the refusals.
 */
export async function checkShipInput(
  input: ShipShipmentInput,
  facts: ShipFacts,
  services: FulfilmentServices,
): Promise<{ plan?: ShipPlan; errors: OrderErrorData[] }> {
  const { shipment, order } = facts;
  const status = statusErrors(shipment, order);
  if (status.length) return { errors: status };
  const codes = (input.serialCodes ?? []).map((c) => c.trim()).filter(Boolean);
  const requested = requestedLines(input, facts);
  const errors = [...fieldErrors(input, codes), ...requested.errors];
  if (errors.length) return { errors };
  const pickList = await services.pickList(shipment.orderId, shipment.warehouseId);
  const { takes, errors: lotErrors } = allocateLots(requested.lines, pickList);
  if (lotErrors.length) return { errors: lotErrors };
  if (codes.length) {
    const byProduct = new Map<string, number>();
    for (const l of requested.lines) byProduct.set(l.productId, (byProduct.get(l.productId) ?? 0) + l.quantity);
    const problems = await services.checkShipCodes({
      warehouseId: shipment.warehouseId,
      lines: [...byProduct].map(([productId, quantity]) => ({ productId, quantity })),
      codes,
    });
    if (problems.length) return { errors: problems.map((p) => orderError(p.errorCode, p.message, 'serialCodes')) };
  }
  // Only linked codes carry them: a shipment without codes asks dealers nothing.
  const authorized = codes.length ? await services.authorizedRegionIds(order.dealerId) : [];
  return {
    errors: [],
    plan: {
      shipment,
      carrier: input.carrier.trim(),
      trackingNumber: input.trackingNumber.trim(),
      note: input.note?.trim() || null,
      lines: requested.lines.map((l) => ({ orderLineId: l.orderLineId, productId: l.productId, quantity: l.quantity })),
      shipmentLines: facts.lines,
      orderLines: new Map(facts.orderLines.map((l) => [l.id, l])),
      takes,
      codes,
      authorizedRegionIds: authorized.length ? authorized : [order.dealerRegionId],
    },
  };
}
