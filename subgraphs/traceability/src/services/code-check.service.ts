import type { EntityManager } from '@mikro-orm/core';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import type { TraceabilityContext } from '../traceability-context.js';
import { parseCode } from './codes.service.js';

/** Most codes one check, ship or return may name (a shipment's labels, scanned; cases count once). */
export const MAX_CODES_PER_CALL = 1000;
/** Packaging levels below a named code: a pallet holds cases, a case items. */
const LEVELS_BELOW = 2;

/** Why one named code cannot be shipped or returned (§21's codes). */
export const CodeErrorCode = {
  UNKNOWN: 'SERIAL_CODE_UNKNOWN',
  DUPLICATE: 'SERIAL_CODE_DUPLICATE',
  NOT_IN_WAREHOUSE: 'SERIAL_CODE_NOT_IN_WAREHOUSE',
  PRODUCT_MISMATCH: 'SERIAL_CODE_PRODUCT_MISMATCH',
  EXCEED_QUANTITY: 'SERIAL_CODES_EXCEED_QUANTITY',
  NOT_OWNED: 'SERIAL_CODE_NOT_OWNED',
  TOO_MANY: 'TOO_MANY_SERIAL_CODES',
} as const;

/** One bad code as the caller typed it, the refusal code and why. */
export interface CodeProblemResult {
  code: string;
  errorCode: string;
  message: string;
}

/** Units of a product the codes must fit in. */
export interface CodeLine {
  productId: string;
  quantity: number;
}

/** A named code with what it carries: `levels[0]` is the code itself, `levels[1]` its children, and so on. */
export interface ExpandedCode {
  root: SerialCode;
  levels: SerialCode[][];
}

/** How codes are judged for one operation: which may go, and what may go with them. */
export interface CodeRule {
  /** The refusal code when `root` may not go, null when it may. */
  refuse(root: SerialCode): { errorCode: string; message: string } | null;
  /** True when a code packed under `root` goes with it (one that already left or was sold stays). */
  carries(code: SerialCode, root: SerialCode): boolean;
}

/** What a check found: the problems (one per bad code) and the good codes with their contents. */
export interface CodeInspection {
  problems: CodeProblemResult[];
  accepted: ExpandedCode[];
}

const SHIPPABLE = new Set([CodeStatus.COMMISSIONED, CodeStatus.AGGREGATED, CodeStatus.RETURNED]);
const OWNED = new Set([CodeStatus.SHIPPED, CodeStatus.RECEIVED]);

/** True when `code` lies in `warehouseId` and may leave it (returned goods only once out of quarantine). */
export function shippableFrom(code: SerialCode, warehouseId: string): boolean {
  return code.locationWarehouseId === warehouseId && SHIPPABLE.has(code.status) && !code.quarantined;
}

/** True when a dealer holds `code` (shipped or received, not sold), `dealerId` when given. */
export function heldByDealer(code: SerialCode, dealerId: string | null): boolean {
  return OWNED.has(code.status) && code.ownerDealerId != null && (!dealerId || code.ownerDealerId === dealerId);
}

/** The rule of shipping from `warehouseId`. */
export function shipRule(warehouseId: string): CodeRule {
  return {
    refuse: (root) =>
      shippableFrom(root, warehouseId)
        ? null
        : {
            errorCode: CodeErrorCode.NOT_IN_WAREHOUSE,
            message: `Serial code "${root.code}" cannot ship from warehouse "${warehouseId}"`,
          },
    carries: (code) => shippableFrom(code, warehouseId),
  };
}

/** The rule of returning codes a dealer holds (`dealerId`, or whoever holds each when null). */
export function returnRule(dealerId: string | null): CodeRule {
  return {
    refuse: (root) =>
      heldByDealer(root, dealerId)
        ? null
        : {
            errorCode: CodeErrorCode.NOT_OWNED,
            message: `Serial code "${root.code}" is not held by ${dealerId ? `dealer "${dealerId}"` : 'a dealer'}`,
          },
    carries: (code, root) => heldByDealer(code, root.ownerDealerId),
  };
}

/** The codes packed under `roots`, level by level (at most LEVELS_BELOW), that `rule` lets go with them. */
async function expand(em: EntityManager, roots: SerialCode[], rule: CodeRule): Promise<ExpandedCode[]> {
  // One query per packaging level for all roots together; each root then walks its own subtree.
  const childrenOf = new Map<string, SerialCode[]>();
  let parents = [...new Set(roots.filter((r) => r.level !== CodeLevel.ITEM).map((r) => r.code))];
  for (let depth = 1; depth <= LEVELS_BELOW && parents.length; depth++) {
    const children = await em.find(SerialCode, { parentCode: { $in: parents } }, { orderBy: { code: 'asc' } });
    for (const child of children) {
      const siblings = childrenOf.get(child.parentCode!) ?? [];
      if (!siblings.length) childrenOf.set(child.parentCode!, siblings);
      siblings.push(child);
    }
    parents = children.filter((c) => c.level !== CodeLevel.ITEM && !childrenOf.has(c.code)).map((c) => c.code);
  }
  return roots.map((root) => {
    const levels = [[root]];
    for (let depth = 1; depth <= LEVELS_BELOW; depth++) {
      const next = levels[depth - 1]!.flatMap((p) => childrenOf.get(p.code) ?? []).filter((c) => rule.carries(c, root));
      if (!next.length) break;
      levels.push(next);
    }
    return { root, levels };
  });
}

/** The item codes an expanded code carries (the code itself when it is an item). */
export function itemsOf(code: ExpandedCode): SerialCode[] {
  return code.levels.flat().filter((c) => c.level === CodeLevel.ITEM);
}

/** Every code an expanded code carries, itself included. */
export function allOf(code: ExpandedCode): SerialCode[] {
  return code.levels.flat();
}

function problem(code: string, errorCode: string, message: string): CodeProblemResult {
  return { code, errorCode, message };
}

/**
 * Judges the named codes for one operation without writing: each bad code gets one problem, in
 * this order of checks: unknown, refused by `rule`, named twice (also inside a named case or
 * pallet), a product not on `lines`, more items of a product than its units. Without `lines` the
 * last two are skipped (the caller checked them before).
 */
export async function inspectCodes(
  em: EntityManager,
  input: string[],
  rule: CodeRule,
  lines: CodeLine[] | null,
): Promise<CodeInspection> {
  if (input.length > MAX_CODES_PER_CALL)
    return {
      problems: [problem(input[MAX_CODES_PER_CALL]!, CodeErrorCode.TOO_MANY, `At most ${MAX_CODES_PER_CALL} codes`)],
      accepted: [],
    };
  const parsed = input.map((raw) => parseCode(raw)?.code ?? null);
  const known = parsed.filter((c): c is string => c != null);
  const rows = known.length ? await em.find(SerialCode, { code: { $in: [...new Set(known)] } }) : [];
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const problems: { at: number; problem: CodeProblemResult }[] = [];
  const refuse = (at: number, found: CodeProblemResult) => problems.push({ at, problem: found });
  const candidates: { at: number; raw: string; root: SerialCode }[] = [];
  input.forEach((raw, at) => {
    const root = parsed[at] ? byCode.get(parsed[at]) : undefined;
    if (!root) return refuse(at, problem(raw, CodeErrorCode.UNKNOWN, `Serial code "${raw}" is unknown`));
    const refusal = rule.refuse(root);
    if (refusal) return refuse(at, problem(raw, refusal.errorCode, refusal.message));
    candidates.push({ at, raw, root });
  });
  const expanded = await expand(
    em,
    candidates.map((c) => c.root),
    rule,
  );
  const accepted: ExpandedCode[] = [];
  const seen = new Set<string>();
  const units = new Map((lines ?? []).map((l) => [l.productId, 0]));
  for (const l of lines ?? []) units.set(l.productId, units.get(l.productId)! + l.quantity);
  const counted = new Map<string, number>();
  expanded.forEach((entry, i) => {
    const { at, raw } = candidates[i]!;
    const codes = allOf(entry);
    if (codes.some((c) => seen.has(c.code)))
      return refuse(at, problem(raw, CodeErrorCode.DUPLICATE, `Serial code "${raw}" is named twice`));
    codes.forEach((c) => seen.add(c.code));
    const found = lines ? linesProblem(raw, entry, units, counted) : null;
    if (found) return refuse(at, found);
    accepted.push(entry);
  });
  // In the order the codes were named, so the caller can point at each.
  return { problems: problems.sort((a, b) => a.at - b.at).map((p) => p.problem), accepted };
}

/** The product or quantity problem of one code against the lines, counting its items into `counted`. */
function linesProblem(
  raw: string,
  entry: ExpandedCode,
  units: Map<string, number>,
  counted: Map<string, number>,
): CodeProblemResult | null {
  const items = itemsOf(entry);
  const products = new Set([entry.root.productId, ...items.map((c) => c.productId)]);
  const foreign = [...products].find((p) => !units.has(p));
  if (foreign)
    return problem(
      raw,
      CodeErrorCode.PRODUCT_MISMATCH,
      `Serial code "${raw}" carries product "${foreign}", which is not on the lines`,
    );
  const next = new Map(counted);
  for (const item of items) next.set(item.productId, (next.get(item.productId) ?? 0) + 1);
  const over = [...next].find(([p, n]) => n > units.get(p)!);
  if (over)
    return problem(
      raw,
      CodeErrorCode.EXCEED_QUANTITY,
      `Serial code "${raw}" brings the items of product "${over[0]}" to ${over[1]}, more than ${units.get(over[0])}`,
    );
  for (const [p, n] of next) counted.set(p, n);
  return null;
}

/** The SERVICE checks before shipping or returning codes; nothing written. */
export class CodeCheckService {
  /** Problems of shipping `codes` from `warehouseId` against the shipment's `lines`; empty when all can go. */
  async checkShip(
    ctx: TraceabilityContext,
    input: { warehouseId: string; lines: CodeLine[]; codes: string[] },
  ): Promise<CodeProblemResult[]> {
    return (await inspectCodes(ctx.em, input.codes, shipRule(input.warehouseId), input.lines)).problems;
  }

  /** Problems of `dealerId` returning `codes` against the return's `lines`; empty when all can come back. */
  async checkReturn(
    ctx: TraceabilityContext,
    input: { dealerId: string; lines: CodeLine[]; codes: string[] },
  ): Promise<CodeProblemResult[]> {
    return (await inspectCodes(ctx.em, input.codes, returnRule(input.dealerId), input.lines)).problems;
  }
}
