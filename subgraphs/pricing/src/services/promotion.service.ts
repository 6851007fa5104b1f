import {
  AppError,
  decodeCursor,
  recordAudit,
  ErrorCode,
  isDealerRole,
  Money,
  newId,
  NotFoundError,
  pageSize,
  Role,
  toPage,
  UserInputError,
  type Page,
  type UserError,
  type Viewer,
} from '@dnp/subgraph-kit';
import { raw, UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { DealerGrade } from '../entities/price-list.entity.js';
import { ProductAttribute } from '../entities/product-attribute.entity.js';
import { readThroughProducts } from './product-attribute-source.js';
import { Promotion, PromotionStacking } from '../entities/promotion.entity.js';
import type { PricingContext } from '../pricing-context.js';
import type { PromotionFilter, PromotionInput } from '../schema/promotion.input.js';
import { budgetRemaining, comparePromotions, inAudience, inWindow } from './promotion-engine.service.js';
import {
  PROMOTION_PARAMS,
  type ParsedParams,
  type PromotionRule,
  type ReportError,
  type TypeColumns,
} from './promotion-rules/promotion-rule.js';
import { ruleOf } from './promotion-rules/promotion-rules.js';

/** Roles that may read every promotion in their scope (dealers: `activePromotions` only). */
const READERS = [Role.HQ_ADMIN, Role.SERVICE, Role.REGION_MANAGER];
/** Roles that may create and edit promotions (managers only inside their region subtree). */
const EDITORS = [Role.HQ_ADMIN, Role.REGION_MANAGER];
const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
const MAX_IDS = 200;
const MAX_TIERS = 10;
const MAX_BUNDLE_ITEMS = 20;
const GRADES = new Set<string>(Object.values(DealerGrade));

/** An expected refusal (code, message, field); the resolvers answer it in the payload's `errors`. */
export function userError(code: string, message: string, field: string | null = null): UserError {
  return { code, message, field };
}

/** What a promotion edit did: the promotion, or why nothing was written (`errors`). */
export interface PromotionResult {
  promotion: Promotion | null;
  errors: UserError[];
}

/** A key-only reference to an entity another subgraph owns (the gateway resolves the rest). */
export interface EntityKey {
  id: string;
}

/**
 * Flushes an HQ edit; a unique-code clash (two editors, or a reused code) becomes the payload
 * error CODE_TAKEN on `code` instead of a GraphQL error. Shared by price lists and promotions.
 */
export async function flushUnlessCodeTaken(em: EntityManager, code: string): Promise<UserError[]> {
  try {
    await em.flush();
    return [];
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException)
      return [userError('CODE_TAKEN', `Code "${code}" is already used`, 'code')];
    throw err;
  }
}

/** Percent (0 < p ≤ 100, at most two decimals) as basis points, or null when invalid. */
export function percentToBp(p: number | null | undefined): number | null {
  if (p == null || !Number.isFinite(p) || p <= 0 || p > 100) return null;
  const bp = Math.round(p * 100);
  return Math.abs(bp - p * 100) < 1e-6 ? bp : null;
}

/** The region-path column value of a list of region paths: "|/reg_cn/reg_south/|…", empty when none. */
export function regionPathsColumn(paths: readonly string[]): string {
  return paths.map((p) => `|${p}|`).join('');
}

function viewerPath(viewer: Viewer): string[] {
  return viewer.regionPath?.length ? [...viewer.regionPath] : viewer.regionId ? [viewer.regionId] : [];
}

/** The region paths of the viewer's region and its ancestors ("/reg_cn/", "/reg_cn/reg_south/"). */
function ancestorPaths(viewer: Viewer): string[] {
  const path = viewerPath(viewer);
  return path.map((_, i) => `/${path.slice(0, i + 1).join('/')}/`);
}

/**
 * The promotions a region manager may read: nationwide ones, those targeting their region or an
 * ancestor, and those targeting any region of their subtree.
 */
function managerScope(viewer: Viewer): FilterQuery<Promotion> {
  const or: FilterQuery<Promotion>[] = [{ regionPaths: '' }];
  for (const p of ancestorPaths(viewer))
    or.push({ [raw('instr(region_paths, ?)', [`|${p}|`])]: { $gt: 0 } } as FilterQuery<Promotion>);
  if (viewer.regionId)
    or.push({ [raw('instr(region_paths, ?)', [`/${viewer.regionId}/`])]: { $gt: 0 } } as FilterQuery<Promotion>);
  return { $or: or };
}

function inManagerScope(viewer: Viewer, p: Pick<Promotion, 'regionPaths'>): boolean {
  if (p.regionPaths === '') return true;
  if (ancestorPaths(viewer).some((a) => p.regionPaths.includes(`|${a}|`))) return true;
  return viewer.regionId != null && p.regionPaths.includes(`/${viewer.regionId}/`);
}

/** True when a manager may edit the promotion: every region it targets lies in their subtree. */
function editableByManager(viewer: Viewer, regionPaths: readonly string[]): boolean {
  return (
    viewer.regionId != null && regionPaths.length > 0 && regionPaths.every((p) => p.includes(`/${viewer.regionId}/`))
  );
}

type PromotionData = Omit<Promotion, 'id' | 'budgetUsedMinor' | 'createdBy' | 'createdAt' | 'updatedAt'>;

/**
 * The type parameter columns of a row whose type uses none of them, in the row's key order (fresh
 * arrays each time).
 */
function noTypeColumns(): TypeColumns {
  return {
    percentOffBp: null,
    amountOffMinor: null,
    spendTiers: [],
    repeating: false,
    buyQuantity: null,
    rewardQuantity: null,
    rewardProductId: null,
    bundleItems: [],
    bundlePriceMinor: null,
    quantityTiers: [],
  };
}

/** Promotion administration (HQ, managers in their region) and the reads of every role. */
export class PromotionService {
  /** One page of the promotions the viewer may read, by code. Dealers: FORBIDDEN (use activePromotions). */
  async list(
    ctx: PricingContext,
    args: { first?: number | null; after?: string | null; filter?: PromotionFilter | null },
  ): Promise<Page<Promotion>> {
    const viewer = ctx.requireRole(...READERS);
    const limit = pageSize(args.first);
    const filter = args.filter ?? {};
    const where: FilterQuery<Promotion>[] = [];
    if (viewer.role === Role.REGION_MANAGER) where.push(managerScope(viewer));
    if (filter.active != null) where.push({ active: filter.active });
    if (filter.type != null) where.push({ type: filter.type });
    if (filter.validAt != null) {
      if (Number.isNaN(filter.validAt.getTime()))
        throw new UserInputError('validAt is not a valid date', 'filter.validAt');
      where.push(
        { validFrom: { $lte: filter.validAt } },
        { $or: [{ validTo: null }, { validTo: { $gt: filter.validAt } }] },
      );
    }
    const base: FilterQuery<Promotion> = where.length ? { $and: where } : {};
    let query = base;
    if (args.after) {
      const [code] = decodeCursor(args.after, 1);
      if (typeof code !== 'string')
        throw new AppError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list issued', { field: 'after' });
      query = { $and: [base, { code: { $gt: code } }] };
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as Promotion[])
        : ctx.em.find(Promotion, query, { orderBy: { code: 'asc' }, limit: limit + 1 }),
      ctx.em.count(Promotion, base),
    ]);
    for (const row of rows) ctx.loaders.promotionById.prime(row.id, row);
    return toPage(rows, limit, Boolean(args.after), total, (p) => [p.code]);
  }

  /**
   * One promotion: HQ and services any, managers within their scope, dealers only while it is
   * active, running and offered to them; NOT_FOUND otherwise.
   */
  async findOne(ctx: PricingContext, id: string): Promise<Promotion> {
    const viewer = ctx.requireViewer();
    const p = await ctx.loaders.promotionById.load(id);
    if (!p) throw new NotFoundError('Promotion', id);
    if (viewer.role === Role.HQ_ADMIN || viewer.role === Role.SERVICE) return p;
    if (viewer.role === Role.REGION_MANAGER && inManagerScope(viewer, p)) return p;
    if (isDealerRole(viewer.role) && p.active && inWindow(p, ctx.loaders.now) && inAudience(p, ctx.loaders.subject))
      return p;
    throw new NotFoundError('Promotion', id);
  }

  /**
   * The promotions running now for the viewer, by priority: for a dealer those offered to their
   * grade and region whose budget is not used up and whose per-dealer limit the dealer has not
   * reached (what the storefront shows); for managers those in their scope; for HQ all.
   */
  async activeFor(ctx: PricingContext): Promise<Promotion[]> {
    const viewer = ctx.requireViewer();
    const { now, subject } = ctx.loaders;
    const rows = (await ctx.loaders.activePromotionRows()).filter((p) => inWindow(p, now));
    if (isDealerRole(viewer.role)) {
      const usage = viewer.dealerId ? await ctx.loaders.dealerUsage(viewer.dealerId) : new Map<string, number>();
      return rows
        .filter((p) => inAudience(p, subject))
        .filter((p) => budgetRemaining(p) !== 0)
        .filter((p) => p.perDealerOrderLimit == null || (usage.get(p.id) ?? 0) < p.perDealerOrderLimit)
        .sort(comparePromotions);
    }
    if (viewer.role === Role.REGION_MANAGER)
      return rows.filter((p) => inManagerScope(viewer, p)).sort(comparePromotions);
    if (viewer.role === Role.HQ_ADMIN || viewer.role === Role.SERVICE) return rows.sort(comparePromotions);
    return [];
  }

  /**
   * Creates a promotion (HQ_ADMIN; REGION_MANAGER for regions of their subtree). Errors in the
   * payload, nothing written.
   */
  async create(ctx: PricingContext, input: PromotionInput): Promise<PromotionResult> {
    const viewer = ctx.requireRole(...EDITORS);
    const { data, errors } = await this.validate(ctx, viewer, input, null);
    if (errors.length) return result(null, errors);
    const now = new Date();
    const row = ctx.em.create(Promotion, {
      ...data!,
      id: newId('prm', now),
      budgetUsedMinor: 0,
      createdBy: viewer.userId,
      createdAt: now,
      updatedAt: now,
    });
    recordAudit(ctx.em, ctx, {
      operation: 'createPromotion',
      action: 'CREATE',
      entityType: 'Promotion',
      entityId: row.id,
      after: data,
    });
    const conflict = await flushUnlessCodeTaken(ctx.em, input.code);
    return conflict.length ? result(null, conflict) : result(row, []);
  }

  /** Replaces a promotion's definition (its consumed budget stays). Managers: only promotions of their subtree. */
  async update(ctx: PricingContext, id: string, input: PromotionInput): Promise<PromotionResult> {
    const viewer = ctx.requireRole(...EDITORS);
    const row = await this.editable(ctx, viewer, id);
    const { data, errors } = await this.validate(ctx, viewer, input, row);
    if (errors.length) return result(null, errors);
    const before = Object.fromEntries(Object.keys(data!).map((k) => [k, row[k as keyof Promotion]]));
    ctx.em.assign(row, { ...data!, updatedAt: new Date() });
    recordAudit(ctx.em, ctx, {
      operation: 'updatePromotion',
      action: 'UPDATE',
      entityType: 'Promotion',
      entityId: row.id,
      before,
      after: data,
    });
    const conflict = await flushUnlessCodeTaken(ctx.em, input.code);
    return conflict.length ? result(null, conflict) : result(row, []);
  }

  /** Switches a promotion on or off. */
  async setActive(ctx: PricingContext, id: string, active: boolean): Promise<PromotionResult> {
    const viewer = ctx.requireRole(...EDITORS);
    const row = await this.editable(ctx, viewer, id);
    const before = { active: row.active };
    ctx.em.assign(row, { active, updatedAt: new Date() });
    recordAudit(ctx.em, ctx, {
      operation: 'setPromotionActive',
      action: 'UPDATE',
      entityType: 'Promotion',
      entityId: row.id,
      before,
      after: { active },
    });
    await ctx.em.flush();
    return result(row, []);
  }

  /**
   * The promotion if the viewer may edit it: NOT_FOUND when unknown or (managers) outside their scope,
   * FORBIDDEN for a manager on a promotion reaching beyond their subtree.
   */
  private async editable(ctx: PricingContext, viewer: Viewer, id: string): Promise<Promotion> {
    const row = await ctx.em.findOne(Promotion, { id });
    if (!row || (viewer.role === Role.REGION_MANAGER && !inManagerScope(viewer, row)))
      throw new NotFoundError('Promotion', id);
    if (viewer.role === Role.REGION_MANAGER && !editableByManager(viewer, splitPaths(row.regionPaths))) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'Region managers may only edit promotions limited to their own region subtree',
      );
    }
    return row;
  }

  /** Validates a definition; returns the row data or every error found (field paths as in the input). */
  private async validate(
    ctx: PricingContext,
    viewer: Viewer,
    input: PromotionInput,
    existing: Promotion | null,
  ): Promise<{ data?: PromotionData; errors: UserError[] }> {
    const errors: UserError[] = [];
    const err: ReportError = (code, message, field) => void errors.push(userError(code, message, field));
    const code = (input.code ?? '').trim();
    const priority = input.priority ?? 0;
    checkIdentityAndWindow(input, code, priority, err);
    // Type parameters: required ones present and valid, foreign ones absent (the type's rule says which).
    const rule = ruleOf(input.type);
    checkTypeParameters(input, rule, err);
    const params = parseParams(input, rule, existing, err);
    rule?.validate?.(params, err);
    checkBundleItems(params.bundleItems, err);
    const scope = await checkReferences(ctx, viewer, input, params, err);
    if (code && CODE.test(code)) {
      const clash = await ctx.em.findOne(Promotion, { code }, { fields: ['id'] });
      if (clash && clash.id !== existing?.id) err('CODE_TAKEN', `Code "${code}" is already used`, 'code');
    }
    if (errors.length) return { errors };

    // Only the type's own parameters are stored; the others stay empty (same key order as the row).
    const columns: TypeColumns = { ...noTypeColumns(), ...rule?.columns(params) };
    return {
      errors,
      data: {
        code,
        name: input.name.trim(),
        nameEn: input.nameEn.trim(),
        description: input.description?.trim() || null,
        type: input.type,
        stacking: input.stacking ?? PromotionStacking.STACKABLE,
        priority,
        active: input.active ?? true,
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
        productIds: scope.productIds,
        categoryIds: scope.categoryIds,
        brandIds: scope.brandIds,
        dealerGrades: scope.dealerGrades,
        regionIds: scope.regionIds,
        regionPaths: regionPathsColumn(scope.regionPaths),
        minAmountMinor: input.minAmountMinor ?? null,
        minQuantity: input.minQuantity ?? null,
        ...columns,
        budgetMinor: input.budgetMinor ?? null,
        perDealerOrderLimit: input.perDealerOrderLimit ?? null,
      },
    };
  }

  // ---- field helpers (Promotion field resolvers) ----

  /** Percent off as a number (5 for 5 %), when the type has one. */
  percentOff(p: Promotion): number | null {
    return p.percentOffBp == null ? null : p.percentOffBp / 100;
  }

  money(minor: number | null): Money | null {
    return minor == null ? null : Money.fromMinor(minor, 'CNY');
  }

  spendTiers(p: Promotion): { threshold: Money; discount: Money }[] {
    return p.spendTiers.map((s) => ({
      threshold: Money.fromMinor(s.thresholdMinor, 'CNY'),
      discount: Money.fromMinor(s.discountMinor, 'CNY'),
    }));
  }

  quantityTiers(p: Promotion): { minQuantity: number; percentOff: number }[] {
    return p.quantityTiers.map((q) => ({ minQuantity: q.minQuantity, percentOff: q.percentOffBp / 100 }));
  }

  bundleItems(p: Promotion): { product: EntityKey; quantity: number }[] {
    return p.bundleItems.map((b) => ({ product: { id: b.productId }, quantity: b.quantity }));
  }

  products(ids: readonly string[]): EntityKey[] {
    return ids.map((id) => ({ id }));
  }

  regions(p: Promotion): EntityKey[] {
    return p.regionIds.map((id) => ({ id }));
  }

  /** Budget figures are internal: dealers get null. */
  budgetVisible(ctx: PricingContext): boolean {
    return !isDealerRole(ctx.viewer?.role);
  }

  /** True when the promotion is switched on and running at the request's instant. */
  effective(ctx: PricingContext, p: Promotion): boolean {
    return p.active && inWindow(p, ctx.loaders.now);
  }
}

function result(promotion: Promotion | null, errors: UserError[]): PromotionResult {
  return { promotion, errors };
}

function splitPaths(column: string): string[] {
  return column.split('|').filter(Boolean);
}

/**
 * The ids among `ids` that are real products: one query on the product read model, and the ids it
 * misses read through from the products subgraph (a product created a moment ago, before its event
 * arrived, is known).
 */
export async function knownProducts(em: EntityManager, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids.filter((id) => typeof id === 'string' && id.length <= 40))];
  if (!unique.length) return new Set();
  const rows = await em.find(ProductAttribute, { productId: { $in: unique } }, { fields: ['productId'] });
  const known = new Set(rows.map((r) => r.productId));
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length) for (const row of await readThroughProducts(em, missing)) known.add(row.productId);
  return known;
}

/** Every category (any level of a product's path) and brand the product read model knows. */
export async function knownCategoriesAndBrands(
  em: EntityManager,
): Promise<{ categories: Set<string>; brands: Set<string> }> {
  const conn = em.getConnection();
  const rows = (await conn.execute(
    'select distinct category_path, brand_id from product_attributes',
    [],
    'all',
    em.getTransactionContext(),
  )) as { category_path: string; brand_id: string }[];
  const categories = new Set<string>();
  const brands = new Set<string>();
  for (const r of rows) {
    for (const c of r.category_path.split('/')) if (c) categories.add(c);
    brands.add(r.brand_id);
  }
  return { categories, brands };
}

/** The audience and product scope of a valid definition, as the row stores them. */
interface PromotionScope {
  productIds: string[];
  categoryIds: string[];
  brandIds: string[];
  regionIds: string[];
  dealerGrades: string[];
  /** The region paths of `regionIds` (known regions only). */
  regionPaths: string[];
}

const PERCENT_RULE = 'percentOff must be more than 0 and at most 100, with at most two decimals';

/** Reports `field` unless `v` is absent or a whole number from 1 to `max` (fen, or a quantity). */
function positiveInt(
  err: ReportError,
  v: number | null | undefined,
  field: string,
  code = 'INVALID_AMOUNT',
  max = 2 ** 31 - 1,
): void {
  if (v != null && (!Number.isInteger(v) || v <= 0 || v > max))
    err(code, `${field} must be a positive whole number${code === 'INVALID_AMOUNT' ? ' of fen' : ''}`, field);
}

/** Code, names, description, priority and the validity window. */
function checkIdentityAndWindow(input: PromotionInput, code: string, priority: number, err: ReportError): void {
  if (!CODE.test(code))
    err('INVALID_CODE', 'code must be 2 to 40 of A-Z, 0-9 and "-", starting with a letter or digit', 'code');
  for (const f of ['name', 'nameEn'] as const) {
    const v = (input[f] ?? '').trim();
    if (!v || v.length > 120) err('INVALID_NAME', `${f} must be 1 to 120 characters`, f);
  }
  if (input.description != null && input.description.length > 500)
    err('INVALID_DESCRIPTION', 'description must be at most 500 characters', 'description');
  if (!Number.isInteger(priority) || priority < -1000 || priority > 1000)
    err('INVALID_PRIORITY', 'priority must be an integer from -1000 to 1000', 'priority');
  if (!(input.validFrom instanceof Date) || Number.isNaN(input.validFrom.getTime()))
    err('INVALID_DATE', 'validFrom is not a valid date', 'validFrom');
  if (input.validTo != null) {
    if (Number.isNaN(input.validTo.getTime())) err('INVALID_DATE', 'validTo is not a valid date', 'validTo');
    else if (input.validFrom instanceof Date && input.validTo.getTime() <= input.validFrom.getTime())
      err('END_BEFORE_START', 'validTo must be after validFrom', 'validTo');
  }
}

/** The parameters the type's rule allows are the only ones given, and those it requires are. */
function checkTypeParameters(input: PromotionInput, rule: PromotionRule | undefined, err: ReportError): void {
  const t = input.type;
  for (const f of PROMOTION_PARAMS) {
    const v = input[f];
    const given = v != null && !(Array.isArray(v) && v.length === 0) && !(f === 'repeating' && v === false);
    if (given && !rule?.allowed.includes(f)) err('UNEXPECTED_PARAMETER', `${f} does not apply to ${t}`, f);
  }
  for (const f of rule?.required ?? []) {
    const v = input[f];
    if (v == null || (Array.isArray(v) && v.length === 0)) err('MISSING_PARAMETER', `${f} is required for ${t}`, f);
  }
}

/**
 * The type parameters as the rules read them (percentages in basis points, the rule's default
 * percentage when none is given), reporting amounts, quantities and tiers that are out of range.
 */
function parseParams(
  input: PromotionInput,
  rule: PromotionRule | undefined,
  existing: Promotion | null,
  err: ReportError,
): ParsedParams {
  let percentOffBp: number | null = null;
  if (input.percentOff != null) {
    percentOffBp = percentToBp(input.percentOff);
    if (percentOffBp == null) err('INVALID_PERCENT', PERCENT_RULE, 'percentOff');
  } else if (rule?.defaultPercentOffBp != null) percentOffBp = rule.defaultPercentOffBp;
  positiveInt(err, input.amountOffMinor, 'amountOffMinor');
  positiveInt(err, input.minAmountMinor, 'minAmountMinor');
  positiveInt(err, input.bundlePriceMinor, 'bundlePriceMinor');
  positiveInt(err, input.budgetMinor, 'budgetMinor', 'INVALID_AMOUNT', Number.MAX_SAFE_INTEGER);
  positiveInt(err, input.minQuantity, 'minQuantity', 'INVALID_QUANTITY');
  positiveInt(err, input.buyQuantity, 'buyQuantity', 'INVALID_QUANTITY');
  positiveInt(err, input.rewardQuantity, 'rewardQuantity', 'INVALID_QUANTITY');
  positiveInt(err, input.perDealerOrderLimit, 'perDealerOrderLimit', 'INVALID_QUANTITY');
  if (existing && input.budgetMinor != null && input.budgetMinor < existing.budgetUsedMinor) {
    err(
      'BUDGET_BELOW_USED',
      `budgetMinor cannot be below the ${existing.budgetUsedMinor} fen already consumed`,
      'budgetMinor',
    );
  }
  const spendTiers = parseSpendTiers(input, err);
  const quantityTiers = parseQuantityTiers(input, err);
  return {
    percentOffBp,
    amountOffMinor: input.amountOffMinor ?? null,
    spendTiers,
    repeating: Boolean(input.repeating),
    buyQuantity: input.buyQuantity ?? null,
    rewardQuantity: input.rewardQuantity ?? null,
    rewardProductId: input.rewardProductId ?? null,
    bundleItems: (input.bundleItems ?? []).map((b) => ({ productId: b.productId, quantity: b.quantity })),
    bundlePriceMinor: input.bundlePriceMinor ?? null,
    quantityTiers,
  };
}

/** Spend tiers: at most MAX_TIERS, each saving less than its threshold, both rising; one when repeating. */
function parseSpendTiers(input: PromotionInput, err: ReportError): ParsedParams['spendTiers'] {
  const spendTiers = (input.spendTiers ?? []).map((s) => ({
    thresholdMinor: s.thresholdMinor,
    discountMinor: s.discountMinor,
  }));
  if (spendTiers.length > MAX_TIERS) err('TOO_MANY_TIERS', `At most ${MAX_TIERS} tiers`, 'spendTiers');
  spendTiers.forEach((s, i) => {
    positiveInt(err, s.thresholdMinor, `spendTiers[${i}].thresholdMinor`);
    positiveInt(err, s.discountMinor, `spendTiers[${i}].discountMinor`);
    if (s.discountMinor >= s.thresholdMinor)
      err('INVALID_AMOUNT', 'A tier must save less than its threshold', `spendTiers[${i}].discountMinor`);
    const prev = spendTiers[i - 1];
    if (prev && (s.thresholdMinor <= prev.thresholdMinor || s.discountMinor <= prev.discountMinor)) {
      err('INVALID_TIERS', 'Tiers must have increasing thresholds and discounts', `spendTiers[${i}]`);
    }
  });
  if (input.repeating && spendTiers.length > 1)
    err('INVALID_TIERS', 'A repeating spend-and-save has exactly one tier', 'spendTiers');
  return spendTiers;
}

/** Quantity breaks: at most MAX_TIERS, with rising quantities and percentages (in basis points). */
function parseQuantityTiers(input: PromotionInput, err: ReportError): ParsedParams['quantityTiers'] {
  const quantityTiers = (input.quantityTiers ?? []).map((q, i) => {
    positiveInt(err, q.minQuantity, `quantityTiers[${i}].minQuantity`, 'INVALID_QUANTITY');
    const bp = percentToBp(q.percentOff);
    if (bp == null) err('INVALID_PERCENT', PERCENT_RULE, `quantityTiers[${i}].percentOff`);
    return { minQuantity: q.minQuantity, percentOffBp: bp ?? 0 };
  });
  if (quantityTiers.length > MAX_TIERS) err('TOO_MANY_TIERS', `At most ${MAX_TIERS} tiers`, 'quantityTiers');
  quantityTiers.forEach((q, i) => {
    const prev = quantityTiers[i - 1];
    if (prev && (q.minQuantity <= prev.minQuantity || q.percentOffBp <= prev.percentOffBp)) {
      err('INVALID_TIERS', 'Breaks must have increasing quantities and percentages', `quantityTiers[${i}]`);
    }
  });
  return quantityTiers;
}

/** Bundle components: at most MAX_BUNDLE_ITEMS, positive quantities, each product once. */
function checkBundleItems(bundleItems: ParsedParams['bundleItems'], err: ReportError): void {
  if (bundleItems.length > MAX_BUNDLE_ITEMS)
    err('BUNDLE_TOO_LARGE', `A bundle has at most ${MAX_BUNDLE_ITEMS} components`, 'bundleItems');
  bundleItems.forEach((b, i) => {
    positiveInt(err, b.quantity, `bundleItems[${i}].quantity`, 'INVALID_QUANTITY');
    if (bundleItems.findIndex((x) => x.productId === b.productId) !== i)
      err('DUPLICATE_BUNDLE_ITEM', 'Each product appears once in a bundle', `bundleItems[${i}].productId`);
  });
}

/**
 * The scope's ids: bounded, unique and known (products, categories and brands from the product
 * read model, regions from the region read model); a region manager's regions in their subtree.
 */
async function checkReferences(
  ctx: PricingContext,
  viewer: Viewer,
  input: PromotionInput,
  params: ParsedParams,
  err: ReportError,
): Promise<PromotionScope> {
  const lists = {
    productIds: input.productIds ?? [],
    categoryIds: input.categoryIds ?? [],
    brandIds: input.brandIds ?? [],
    regionIds: input.regionIds ?? [],
  };
  for (const [f, v] of Object.entries(lists)) {
    if (v.length > MAX_IDS) err('TOO_MANY_VALUES', `At most ${MAX_IDS} ids`, f);
    if (new Set(v).size !== v.length) err('DUPLICATE_VALUE', 'Each id appears once', f);
  }
  const dealerGrades = [...new Set(input.dealerGrades ?? [])];
  if (dealerGrades.some((g) => !GRADES.has(g))) err('UNKNOWN_DEALER_GRADE', 'Unknown dealer grade', 'dealerGrades');
  const productRefs: [string, string][] = [
    ...lists.productIds.map((id, i): [string, string] => [id, `productIds[${i}]`]),
    ...params.bundleItems.map((b, i): [string, string] => [b.productId, `bundleItems[${i}].productId`]),
    ...(input.rewardProductId ? [[input.rewardProductId, 'rewardProductId'] as [string, string]] : []),
  ];
  const known = await knownProducts(
    ctx.em,
    productRefs.map(([id]) => id),
  );
  for (const [id, field] of productRefs) if (!known.has(id)) err('UNKNOWN_PRODUCT', `Unknown product "${id}"`, field);
  if (lists.categoryIds.length || lists.brandIds.length) {
    const { categories, brands } = await knownCategoriesAndBrands(ctx.em);
    lists.categoryIds.forEach(
      (id, i) => categories.has(id) || err('UNKNOWN_CATEGORY', `Unknown category "${id}"`, `categoryIds[${i}]`),
    );
    lists.brandIds.forEach(
      (id, i) => brands.has(id) || err('UNKNOWN_BRAND', `Unknown brand "${id}"`, `brandIds[${i}]`),
    );
  }
  const regions = await Promise.all(lists.regionIds.map((id) => ctx.loaders.regionById.load(id)));
  regions.forEach((r, i) => r || err('UNKNOWN_REGION', `Unknown region "${lists.regionIds[i]}"`, `regionIds[${i}]`));
  const regionPaths = regions.filter((r) => r != null).map((r) => r!.path);
  if (viewer.role === Role.REGION_MANAGER && regions.every((r) => r) && !editableByManager(viewer, regionPaths)) {
    err('OUT_OF_REGION', 'Region managers must limit promotions to regions of their own subtree', 'regionIds');
  }
  return { ...lists, dealerGrades, regionPaths };
}
