import { domainError, type DomainError } from '@dnp/subgraph-kit';

/** A SKU as stored: upper-case letters, digits and "-", 3 to 32 characters, not starting with "-". */
export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
/** Longest product name (zh or en), as the column allows. */
export const MAX_NAME_LENGTH = 200;
/** Longest selling unit (zh or en). */
export const MAX_UNIT_LENGTH = 16;
/** Longest shelf life: ten years. */
export const MAX_SHELF_LIFE_DAYS = 3650;
/** Longest retirement reason kept in the audit entry. */
export const MAX_REASON_LENGTH = 500;

const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/** The SKU as it is stored (trimmed, upper-cased), or null when it breaks SKU_PATTERN. */
export function normalizeSku(sku: string): string | null {
  const value = sku.trim().toUpperCase();
  return SKU_PATTERN.test(value) ? value : null;
}

/**
 * True when `code` is a GS1 barcode (GTIN-8, UPC-A, EAN-13 or GTIN-14) whose last digit is the
 * check digit of the others: from the right, digits alternate weights 3 and 1.
 */
export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code) || !GTIN_LENGTHS.has(code.length)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  let sum = 0;
  digits.reverse().forEach((d, i) => (sum += d * (i % 2 === 0 ? 3 : 1)));
  return (10 - (sum % 10)) % 10 === check;
}

/** The product fields with plain rules (the tax class is a GraphQL enum), as the caller gave them. */
export interface ProductFields {
  name?: string | null;
  nameEn?: string | null;
  unit?: string | null;
  unitEn?: string | null;
  barcode?: string | null;
  shelfLifeDays?: number | null;
}

/**
 * The refusals of the plain field rules (names, units, barcode, shelf life) for the
 * fields present in `fields`: a create passes every field, an update only those it changes.
 */
export function productFieldErrors(fields: ProductFields): DomainError[] {
  const errors: DomainError[] = [];
  for (const key of ['name', 'nameEn'] as const) {
    const value = fields[key];
    if (value !== undefined && (!value?.trim() || value.trim().length > MAX_NAME_LENGTH))
      errors.push(domainError('NAME_REQUIRED', `${key} must be 1 to ${MAX_NAME_LENGTH} characters`, key));
  }
  for (const key of ['unit', 'unitEn'] as const) {
    const value = fields[key];
    if (value !== undefined && (!value?.trim() || value.trim().length > MAX_UNIT_LENGTH))
      errors.push(domainError('UNIT_INVALID', `${key} must be 1 to ${MAX_UNIT_LENGTH} characters`, key));
  }
  if (fields.barcode !== undefined && !isValidGtin((fields.barcode ?? '').trim()))
    errors.push(
      domainError('BARCODE_INVALID', 'barcode must be 8, 12, 13 or 14 digits with a valid GS1 check digit', 'barcode'),
    );
  const days = fields.shelfLifeDays;
  if (days !== undefined && (!Number.isInteger(days) || days! < 1 || days! > MAX_SHELF_LIFE_DAYS))
    errors.push(
      domainError(
        'SHELF_LIFE_INVALID',
        `shelfLifeDays must be a whole number from 1 to ${MAX_SHELF_LIFE_DAYS}`,
        'shelfLifeDays',
      ),
    );
  return errors;
}

/** The lower-cased text `products(filter: { search })` looks in: names, SKU and barcode. */
export function searchTextOf(p: { name: string; nameEn: string; sku: string; barcode: string }): string {
  return `${p.name} ${p.nameEn} ${p.sku} ${p.barcode}`.toLowerCase().slice(0, 600);
}

/** The `salesRegions` column of a list of region ids: comma-separated, null for none (nationwide). */
export function salesRegionsColumn(ids: readonly string[] | null | undefined): string | null {
  const unique = [...new Set((ids ?? []).map((id) => id.trim()).filter(Boolean))];
  return unique.length ? unique.join(',') : null;
}
