import { partValue } from '@dnp/subgraph-kit';

/** The order line facts the parts rule needs. */
export interface LineValue {
  /** What the whole line costs (after discounts), in minor units. */
  lineTotalMinor: number;
  quantity: number;
  /** Units shipped before this part, and their value (cumulative). */
  shippedQuantity: number;
  shippedGrossMinor: number;
}

/**
 * The gross value of shipping `part` more units of a line (docs/design/order-to-cash.md §10): the
 * line's cumulative value after the part, rounded half up, less what earlier parts took. Parts add
 * up to the line total in any order; the last part takes exactly what is left.
 */
export function partGross(line: LineValue, part: number): number {
  const after = line.shippedQuantity + part;
  if (after > line.quantity) throw new RangeError(`part of ${part} exceeds the line's ${line.quantity} units`);
  return partValue(line.lineTotalMinor, line.quantity, 0, after) - line.shippedGrossMinor;
}
