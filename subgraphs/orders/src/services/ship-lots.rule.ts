import { OrderErrorCode, lineError, type OrderErrorData } from '../saga/order-error.js';
import type { PickListEntry } from '../fulfilment/fulfilment-services.js';

/** One line of a part to ship: units of an order line, optionally from chosen lots. */
export interface ShipLineRequest {
  orderLineId: string;
  productId: string;
  quantity: number;
  lots?: { lotId: string; quantity: number }[] | null;
  /** Index of the input line (for errors). */
  index: number;
}

/** Units of one order line taken from one lot (or none) of the pick list. */
export interface LotTake {
  orderLineId: string;
  productId: string;
  lotId: string | null;
  lotNumber: string | null;
  expiresAt: string | null;
  quantity: number;
}

/**
 * Covers each line from the pick list (the order's reservation remainders in the warehouse, FEFO):
 * chosen lots first (each must be a remainder of the line's product: LOT_NOT_RESERVED, and sum to
 * the line: QUANTITY_INVALID), then the other lines first expiry first. Lots of a product are
 * shared by its order lines, gift lines included. Not enough left: QUANTITY_EXCEEDS_RESERVED.
 */
export function allocateLots(
  lines: ShipLineRequest[],
  pickList: PickListEntry[],
): { takes: LotTake[]; errors: OrderErrorData[] } {
  const left = pickList.map((e) => ({ entry: e, units: e.quantity }));
  const takes: LotTake[] = [];
  const errors: OrderErrorData[] = [];
  const take = (line: ShipLineRequest, slot: (typeof left)[number], units: number) => {
    slot.units -= units;
    const e = slot.entry;
    takes.push({
      orderLineId: line.orderLineId,
      productId: line.productId,
      lotId: e.lotId,
      lotNumber: e.lotNumber,
      expiresAt: e.expiresAt,
      quantity: units,
    });
  };
  for (const line of lines.filter((l) => l.lots?.length)) {
    const sum = line.lots!.reduce((s, l) => s + l.quantity, 0);
    if (sum !== line.quantity || line.lots!.some((l) => !Number.isInteger(l.quantity) || l.quantity < 1)) {
      errors.push(lineError(OrderErrorCode.QUANTITY_INVALID, 'The lots must sum to the line quantity', line.index));
      continue;
    }
    for (const chosen of line.lots!) {
      const slot = left.find((s) => s.entry.productId === line.productId && s.entry.lotId === chosen.lotId);
      if (!slot || slot.units < chosen.quantity) {
        errors.push(
          lineError(
            OrderErrorCode.LOT_NOT_RESERVED,
            `Lot ${chosen.lotId} has no such remainder for the order`,
            line.index,
            {
              productId: line.productId,
            },
          ),
        );
        continue;
      }
      take(line, slot, chosen.quantity);
    }
  }
  for (const line of lines.filter((l) => !l.lots?.length)) {
    let need = line.quantity;
    for (const slot of left) {
      if (need === 0) break;
      if (slot.entry.productId !== line.productId || slot.units === 0) continue;
      const units = Math.min(need, slot.units);
      take(line, slot, units);
      need -= units;
    }
    if (need > 0)
      errors.push(
        lineError(OrderErrorCode.QUANTITY_EXCEEDS_RESERVED, `${need} units more than reserved remain`, line.index, {
          productId: line.productId,
        }),
      );
  }
  return { takes, errors };
}
