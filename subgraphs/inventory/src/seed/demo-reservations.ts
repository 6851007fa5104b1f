import { seededId, seededRandom, type DemoApprovedOrder, type DemoProduct } from '@dnp/demo-data';
import type { Lot } from '../entities/lot.entity.js';
import { ReservationStatus, type Reservation, type ReservationLine } from '../entities/reservation.entity.js';
import type { StockLevel } from '../entities/stock-level.entity.js';
import type { StockMovement } from '../entities/stock-movement.entity.js';

const DAY_MS = 86_400_000;

/** The demo rows the reservations draw on (and top up), in insertion order. */
export interface DemoStockRows {
  levels: Partial<StockLevel>[];
  lots: Partial<Lot>[];
  movements: Partial<StockMovement>[];
}

/** The reservations of the demo's approved orders and their lines. */
export interface DemoReservations {
  reservations: Reservation[];
  lines: ReservationLine[];
}

/** Appends a RECEIPT ledger entry (the demo seed's own). */
export type ReceiptWriter = (
  level: Partial<StockLevel>,
  delta: number,
  balanceAfter: number,
  at: Date,
  lotId: string | null,
) => void;

/**
 * Holds stock for every approved demo order, as the placement saga would have: per PICKING
 * shipment line, the unexpired lots of its warehouse first-expiry-first-out (expiry, then id),
 * raising `reserved` on the lots and the level. Where the seeded lots fall short (a product out of
 * stock, or held by earlier orders), a fresh lot is received first, so the seeded shipping queue
 * can actually ship and every level's ledger still adds up to its on hand.
 */
export function demoReservations(
  stock: DemoStockRows,
  orders: DemoApprovedOrder[],
  products: DemoProduct[],
  now: number,
  receipt: ReceiptWriter,
): DemoReservations {
  const rand = seededRandom(5005);
  const levelOf = new Map(stock.levels.map((l) => [`${l.warehouseId}|${l.productId}`, l]));
  const lotsOf = new Map<string, Partial<Lot>[]>();
  for (const lot of stock.lots) {
    const key = `${lot.warehouseId}|${lot.productId}`;
    lotsOf.set(key, [...(lotsOf.get(key) ?? []), lot]);
  }
  const shelfLife = new Map(products.map((p) => [p.id, p.shelfLifeDays]));
  const out: DemoReservations = { reservations: [], lines: [] };
  for (const order of orders) {
    const at = order.approvedAt;
    const reservationId = seededId('rsv', at, rand);
    out.reservations.push({
      id: reservationId,
      key: order.orderId,
      dealerId: order.dealerId,
      status: ReservationStatus.ACTIVE,
      createdAt: at,
      updatedAt: at,
    });
    for (const { warehouseId, productId, quantity } of order.picks) {
      const key = `${warehouseId}|${productId}`;
      const level = levelOf.get(key);
      if (!level) throw new Error(`demo order ${order.orderId} ships ${productId} from ${warehouseId}: no stock level`);
      const lots = fefo(lotsOf.get(key) ?? [], now);
      const short = quantity - lots.reduce((n, l) => n + free(l), 0);
      if (short > 0) {
        const lot = topUp(stock, level, short, shelfLife.get(productId)!, now, receipt);
        lotsOf.set(key, [...(lotsOf.get(key) ?? []), lot]);
        lots.push(lot);
      }
      let need = quantity;
      for (const lot of lots) {
        const q = Math.min(need, free(lot));
        if (q <= 0) continue;
        lot.reserved = lot.reserved! + q;
        level.reserved = level.reserved! + q;
        need -= q;
        const id = seededId('rsl', at, rand);
        out.lines.push({
          id,
          reservationId,
          productId,
          warehouseId,
          lotId: lot.id!,
          quantity: q,
          committed: 0,
          released: 0,
        });
        if (need === 0) break;
      }
    }
  }
  return out;
}

/** Units of a lot not yet held. */
const free = (lot: Partial<Lot>): number => lot.quantity! - lot.reserved!;

/** The lots that can still be sold (unexpired, something free), first expiry first, ties by id. */
function fefo(lots: Partial<Lot>[], now: number): Partial<Lot>[] {
  return lots
    .filter((l) => l.expiresAt!.getTime() > now && free(l) > 0)
    .sort((a, b) => a.expiresAt!.getTime() - b.expiresAt!.getTime() || (a.id! < b.id! ? -1 : 1));
}

/** A lot of `units` fresh units (produced a week ago) received into `level`, with its receipt. */
function topUp(
  stock: DemoStockRows,
  level: Partial<StockLevel>,
  units: number,
  shelfLifeDays: number,
  now: number,
  receipt: ReceiptWriter,
): Partial<Lot> {
  const n = stock.lots.filter((l) => l.warehouseId === level.warehouseId && l.productId === level.productId).length;
  const producedAt = new Date(Math.floor(now / DAY_MS) * DAY_MS - 7 * DAY_MS);
  const suffix = (id: string) => id.slice(id.indexOf('_') + 1);
  const lot: Partial<Lot> = {
    id: `lot_${suffix(level.warehouseId!)}_${suffix(level.productId!)}_${n + 1}`,
    lotNumber: `L${producedAt.toISOString().slice(0, 10).replace(/-/g, '')}-${suffix(level.productId!)}${n + 1}`,
    productId: level.productId!,
    warehouseId: level.warehouseId!,
    quantity: units,
    reserved: 0,
    producedAt,
    expiresAt: new Date(producedAt.getTime() + shelfLifeDays * DAY_MS),
  };
  stock.lots.push(lot);
  level.onHand = level.onHand! + units;
  // After every earlier entry of the level, so its running balance stays in time order.
  const last = stock.movements
    .filter((m) => m.warehouseId === level.warehouseId && m.productId === level.productId)
    .reduce((t, m) => Math.max(t, m.createdAt!.getTime()), producedAt.getTime());
  receipt(level, units, level.onHand, new Date(Math.min(now, last + 60_000)), lot.id!);
  return lot;
}
