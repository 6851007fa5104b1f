import { domainError, splitVat, type DomainError, type TaxClass } from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException } from '@mikro-orm/core';

/** Thrown inside a document's transaction to roll it back with refusals (answered, not thrown on). */
export class Refused extends Error {
  constructor(readonly errors: DomainError[]) {
    super(errors[0]?.message ?? 'refused');
  }
}

/** A document or why there is none. */
export interface Issued<T> {
  row: T | null;
  errors: DomainError[];
}

/**
 * Issues a numbered document once per key: the one issued before answers first (`replay`); then
 * `write` runs its transaction; a refusal rolls it back and answers its codes; a unique violation
 * means a concurrent twin committed first (its number went back with this rollback), so that one
 * answers. Shared by invoices (by shipment) and credit notes (by source key).
 */
export async function issueOnce<T>(
  replay: () => Promise<Issued<T> | null>,
  write: () => Promise<T>,
): Promise<Issued<T>> {
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return { row: await write(), errors: [] };
  } catch (err) {
    if (err instanceof Refused) return { row: null, errors: err.errors };
    if (err instanceof UniqueConstraintViolationException) {
      const replayed = await replay();
      if (replayed) return replayed;
    }
    throw err;
  }
}

/** A line's VAT at the rate of its class on the issue date: the rate, net and tax (Refused without a rate). */
export function lineVat(
  rates: ReadonlyMap<TaxClass, number>,
  line: { taxClass: TaxClass; grossMinor: number },
  field: string,
): { rateBp: number; netMinor: number; taxMinor: number } {
  const rateBp = rates.get(line.taxClass);
  if (rateBp == null) throw new Refused([domainError('VAT_RATE_MISSING', `No VAT rate for ${line.taxClass}`, field)]);
  const { net, tax } = splitVat(line.grossMinor, rateBp);
  return { rateBp, netMinor: net, taxMinor: tax };
}
