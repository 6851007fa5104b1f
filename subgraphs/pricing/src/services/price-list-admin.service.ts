import { newId, NotFoundError, recordAudit, Role, type UserError } from '@dnp/subgraph-kit';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { DealerGrade, PriceList, PriceListKind } from '../entities/price-list.entity.js';
import type { PricingContext } from '../pricing-context.js';
import type { PriceListEntryInput, PriceListInput } from '../schema/price-list.input.js';
import { flushUnlessCodeTaken, knownProducts, userError } from './promotion.service.js';

const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
const GRADES = new Set<string>(Object.values(DealerGrade));
/** Most entries one setPriceListEntries call may upsert. */
export const MAX_ENTRIES_PER_CALL = 1000;
/** Largest unit price accepted (fen): ¥10,000,000.00. */
export const MAX_UNIT_PRICE_MINOR = 1_000_000_000;

/** What a price list edit did: the list, or why nothing was written (`errors`). */
export interface PriceListResult {
  priceList: PriceList | null;
  errors: UserError[];
}

/** What setPriceListEntries did: the list and the entries written, or why nothing was. */
export interface SetEntriesResult {
  priceList: PriceList | null;
  entries: PriceListEntry[];
  errors: UserError[];
}

function listResult(priceList: PriceList | null, errors: UserError[]): PriceListResult {
  return { priceList, errors };
}

/** The audited fields of a price list. */
function listSnapshot(row: PriceList) {
  const { code, name, nameEn, currency, dealerGrade, regionId, priority, validFrom, validTo, active, kind } = row;
  return { code, name, nameEn, currency, dealerGrade, regionId, priority, validFrom, validTo, active, kind };
}

/** Price list administration: HQ_ADMIN only (FORBIDDEN otherwise); errors in the payload, nothing written when any. */
export class PriceListAdminService {
  /** Creates a price list. */
  async create(ctx: PricingContext, input: PriceListInput): Promise<PriceListResult> {
    ctx.requireRole(Role.HQ_ADMIN);
    const { data, errors } = await this.validate(ctx, input, null);
    if (errors.length) return listResult(null, errors);
    const now = new Date();
    const row = ctx.em.create(PriceList, { ...data!, id: newId('pl', now), createdAt: now, updatedAt: now });
    recordAudit(ctx.em, ctx, {
      operation: 'createPriceList',
      action: 'CREATE',
      entityType: 'PriceList',
      entityId: row.id,
      after: listSnapshot(row),
    });
    return this.save(ctx, row, input.code);
  }

  /** Replaces a price list's settings (its entries stay). */
  async update(ctx: PricingContext, id: string, input: PriceListInput): Promise<PriceListResult> {
    ctx.requireRole(Role.HQ_ADMIN);
    const row = await ctx.em.findOne(PriceList, { id });
    if (!row) throw new NotFoundError('PriceList', id);
    const { data, errors } = await this.validate(ctx, input, row);
    if (errors.length) return listResult(null, errors);
    const before = listSnapshot(row);
    ctx.em.assign(row, { ...data!, updatedAt: new Date() });
    recordAudit(ctx.em, ctx, {
      operation: 'updatePriceList',
      action: 'UPDATE',
      entityType: 'PriceList',
      entityId: row.id,
      before,
      after: listSnapshot(row),
    });
    return this.save(ctx, row, input.code);
  }

  private async save(ctx: PricingContext, row: PriceList, code: string): Promise<PriceListResult> {
    const conflict = await flushUnlessCodeTaken(ctx.em, code);
    return conflict.length ? listResult(null, conflict) : listResult(row, []);
  }

  private async validate(ctx: PricingContext, input: PriceListInput, existing: PriceList | null) {
    const errors: UserError[] = [];
    const err = (code: string, message: string, field: string) => errors.push(userError(code, message, field));
    const code = (input.code ?? '').trim();
    if (!CODE.test(code))
      err('INVALID_CODE', 'code must be 2 to 40 of A-Z, 0-9 and "-", starting with a letter or digit', 'code');
    for (const f of ['name', 'nameEn'] as const) {
      const v = (input[f] ?? '').trim();
      if (!v || v.length > 120) err('INVALID_NAME', `${f} must be 1 to 120 characters`, f);
    }
    const currency = input.currency ?? 'CNY';
    if (currency !== 'CNY') err('UNSUPPORTED_CURRENCY', 'Only CNY price lists are supported', 'currency');
    if (input.dealerGrade != null && !GRADES.has(input.dealerGrade))
      err('UNKNOWN_DEALER_GRADE', 'Unknown dealer grade', 'dealerGrade');
    const kind = input.kind ?? PriceListKind.SALE;
    if (!Object.values(PriceListKind).includes(kind)) err('INVALID_KIND', 'kind must be SALE or FLOOR', 'kind');
    const priority = input.priority ?? 0;
    if (!Number.isInteger(priority) || priority < -1000 || priority > 1000)
      err('INVALID_PRIORITY', 'priority must be an integer from -1000 to 1000', 'priority');
    if (!(input.validFrom instanceof Date) || Number.isNaN(input.validFrom.getTime()))
      err('INVALID_DATE', 'validFrom is not a valid date', 'validFrom');
    if (
      input.validTo != null &&
      input.validFrom instanceof Date &&
      !(input.validTo.getTime() > input.validFrom.getTime())
    )
      err('END_BEFORE_START', 'validTo must be after validFrom', 'validTo');
    const region = input.regionId ? await ctx.loaders.regionById.load(input.regionId) : null;
    if (input.regionId && !region) err('UNKNOWN_REGION', `Unknown region "${input.regionId}"`, 'regionId');
    if (CODE.test(code)) {
      const clash = await ctx.em.findOne(PriceList, { code }, { fields: ['id'] });
      if (clash && clash.id !== existing?.id) err('CODE_TAKEN', `Code "${code}" is already used`, 'code');
    }
    if (errors.length) return { errors };
    return {
      errors,
      data: {
        code,
        name: input.name.trim(),
        nameEn: input.nameEn.trim(),
        currency,
        dealerGrade: input.dealerGrade ?? null,
        regionId: region?.regionId ?? null,
        regionPath: region?.path ?? null,
        regionDepth: region?.depth ?? 0,
        priority,
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
        active: input.active ?? true,
        kind,
      },
    };
  }

  /**
   * Inserts or updates entries of a list, keyed by (product, minQuantity): positive integer fen
   * prices, minQuantity ≥ 1, known products only (product read model), each key once per call.
   */
  async setEntries(
    ctx: PricingContext,
    priceListId: string,
    entries: PriceListEntryInput[],
  ): Promise<SetEntriesResult> {
    ctx.requireRole(Role.HQ_ADMIN);
    const list = await ctx.em.findOne(PriceList, { id: priceListId });
    if (!list) throw new NotFoundError('PriceList', priceListId);
    const errors: UserError[] = [];
    const err = (code: string, message: string, field: string) => errors.push(userError(code, message, field));
    if (entries.length < 1 || entries.length > MAX_ENTRIES_PER_CALL)
      err('INVALID_ENTRIES', `Give 1 to ${MAX_ENTRIES_PER_CALL} entries`, 'entries');
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      if (!Number.isInteger(e.unitPriceMinor) || e.unitPriceMinor <= 0 || e.unitPriceMinor > MAX_UNIT_PRICE_MINOR) {
        err('INVALID_PRICE', 'unitPriceMinor must be a positive whole number of fen', `entries[${i}].unitPriceMinor`);
      }
      if (!Number.isInteger(e.minQuantity) || e.minQuantity < 1 || e.minQuantity > 100_000)
        err('INVALID_QUANTITY', 'minQuantity must be a whole number from 1 to 100000', `entries[${i}].minQuantity`);
      const key = `${e.productId}\u0000${e.minQuantity}`;
      if (seen.has(key)) err('DUPLICATE_ENTRY', 'Each (productId, minQuantity) appears once', `entries[${i}]`);
      seen.add(key);
    });
    const known = await knownProducts(
      ctx.em,
      entries.map((e) => e.productId),
    );
    entries.forEach(
      (e, i) =>
        known.has(e.productId) || err('UNKNOWN_PRODUCT', `Unknown product "${e.productId}"`, `entries[${i}].productId`),
    );
    if (errors.length) return { priceList: null, entries: [], errors };

    const saved = await ctx.em.transactional(async (tx) => {
      const existing = await tx.find(PriceListEntry, { priceListId, productId: { $in: [...known] } });
      const byKey = new Map(existing.map((e) => [`${e.productId}\u0000${e.minQuantity}`, e]));
      const changes = {
        before: [] as unknown[],
        after: entries.map((e) => ({
          productId: e.productId,
          minQuantity: e.minQuantity,
          unitPriceMinor: e.unitPriceMinor,
        })),
      };
      const out = entries.map((e) => {
        const row = byKey.get(`${e.productId}\u0000${e.minQuantity}`);
        if (row) {
          changes.before.push({
            productId: row.productId,
            minQuantity: row.minQuantity,
            unitPriceMinor: row.unitPriceMinor,
          });
          row.unitPriceMinor = e.unitPriceMinor;
          return row;
        }
        return tx.create(PriceListEntry, {
          id: newId('ple'),
          priceListId,
          productId: e.productId,
          minQuantity: e.minQuantity,
          unitPriceMinor: e.unitPriceMinor,
        });
      });
      list.updatedAt = new Date();
      tx.persist(list);
      recordAudit(tx, ctx, {
        operation: 'setPriceListEntries',
        action: 'UPDATE',
        entityType: 'PriceList',
        entityId: list.id,
        before: { entries: changes.before },
        after: { entries: changes.after },
      });
      await tx.flush();
      return out;
    });
    return { priceList: list, entries: saved, errors: [] };
  }
}
