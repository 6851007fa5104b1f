import { businessDate, domainError, splitVat, type DomainError, type TaxClass } from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { BRAND_SELLER } from '../entities/credit-account.entity.js';
import { VatRate } from '../entities/vat-rate.entity.js';
import { lockAccount, type LockedAccount } from './receivables-ledger.js';

/** A document for a dealer without a credit account (invoices, credit notes, payments). */
export const DEALER_HAS_NO_ACCOUNT = 'DEALER_HAS_NO_ACCOUNT';

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

/** The rates in force on `date` per tax class (the latest `valid_from` not after it). */
export async function vatRatesOn(em: EntityManager, date: string): Promise<Map<TaxClass, number>> {
  const rows = await em.find(VatRate, { validFrom: { $lte: date } }, { orderBy: { validFrom: 'asc' } });
  return new Map(rows.map((r) => [r.taxClass, r.rateBp]));
}

/** What a new document of a dealer is written against: its locked account, issue date and VAT rates. */
export interface OpenedDocument {
  account: LockedAccount;
  /** The business date of `now`: the document's issue date. */
  issuedOn: string;
  /** The VAT rates in force on `issuedOn`, per tax class. */
  rates: Map<TaxClass, number>;
}

/**
 * The common opening of an invoice and a credit note, after the number was taken (lock order:
 * number counter → credit account): locks the dealer's account with `sellerKey` (the brand's by
 * default; Refused DEALER_HAS_NO_ACCOUNT without one) and reads the issue date's VAT rates.
 */
export async function openDocument(
  tx: EntityManager,
  dealerId: string,
  now: Date,
  timeZone: string,
  sellerKey: string = BRAND_SELLER,
): Promise<OpenedDocument> {
  const account = await lockAccount(tx, dealerId, sellerKey);
  if (!account) {
    const message =
      sellerKey === BRAND_SELLER
        ? `Dealer "${dealerId}" has no credit account`
        : `Dealer "${sellerKey}" grants dealer "${dealerId}" no credit line`;
    throw new Refused([domainError(DEALER_HAS_NO_ACCOUNT, message, 'dealerId')]);
  }
  const issuedOn = businessDate(now, timeZone);
  return { account, issuedOn, rates: await vatRatesOn(tx, issuedOn) };
}

/** A document's totals: the sums of its lines (§10), never re-derived from the total. */
export function documentTotals(lines: readonly { grossMinor: number; netMinor: number; taxMinor: number }[]): {
  amountMinor: number;
  netMinor: number;
  taxMinor: number;
} {
  const sum = (pick: (l: (typeof lines)[number]) => number) => lines.reduce((s, l) => s + pick(l), 0);
  return { amountMinor: sum((l) => l.grossMinor), netMinor: sum((l) => l.netMinor), taxMinor: sum((l) => l.taxMinor) };
}

/** The longest name of a kit document counter. */
const MAX_SERIES = 20;

/**
 * The number series of a seller's documents of `kind` ("INV", "CN"): the brand's own, or
 * `<kind>_<seller code>` for a parent dealer's (e.g. "INV_D00002"), so each seller's numbers are
 * gap-free on their own. The kit counter's names are capitals, digits and `_`, at most 20.
 */
export function sellerSeries(kind: string, sellerCode: string | null): string {
  if (sellerCode == null) return kind;
  const series = `${kind}_${sellerCode.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  if (series.length > MAX_SERIES) throw new RangeError(`seller code "${sellerCode}" is too long for a series`);
  return series;
}
