/** An expected refusal of a stock change; thrown inside the transaction so that nothing is written. */
export class StockRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}
