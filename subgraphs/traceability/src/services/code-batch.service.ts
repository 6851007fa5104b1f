import {
  AppError,
  domainError,
  EventType,
  insertAudit,
  insertOnce,
  newId,
  recordEvent,
  type DomainError,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { CodeBatch, CodeBatchAction } from '../entities/code-batch.entity.js';
import { CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import { BIZ_STEPS, DISPOSITION_RETURNED, TraceAction, TraceEvent } from '../entities/trace-event.entity.js';
import type { TraceabilityContext } from '../traceability-context.js';
import {
  allOf,
  inspectCodes,
  returnRule,
  shipRule,
  type CodeProblemResult,
  type ExpandedCode,
} from './code-check.service.js';

/** What a ship, receive or return did: how many codes it changed, or why it refused (then nothing was written). */
export interface CodeBatchResult {
  codeCount: number;
  errors: DomainError[];
}

/** linkShipmentCodes: the codes that left with a shipment, and whom they now belong to. */
export interface LinkShipmentCodes {
  key: string;
  shipmentId: string;
  orderId: string;
  dealerId: string;
  dealerRegionPath: string;
  authorizedRegionIds: string[];
  warehouseId: string;
  codes: string[];
}

/** receiveShipmentCodes: the dealer signed for a shipment, into its warehouse when it has one. */
export interface ReceiveShipmentCodes {
  key: string;
  shipmentId: string;
  warehouseId?: string | null;
}

/** returnCodes: codes a dealer sent back, received into a brand warehouse. */
export interface ReturnCodes {
  key: string;
  returnId: string;
  warehouseId: string;
  codes: string[];
  quarantined: boolean;
}

const KEY_MAX = 120;
const SHIPPABLE = [CodeStatus.COMMISSIONED, CodeStatus.AGGREGATED, CodeStatus.RETURNED];
/** Codes per guarded UPDATE and per event INSERT, well inside every driver's parameter limit. */
const CHUNK = 500;
/** Attempts when a code changed between the plan and its guarded update (a concurrent scan or ship). */
const ATTEMPTS = 3;

/** Thrown inside the transaction when a guarded update changed fewer codes than planned; rolls back. */
class StaleCodes extends Error {}

/** A planned operation: how many codes it changes and how it writes them, or why it refuses. */
type Plan = { errors: DomainError[] } | { codeCount: number; write(tx: EntityManager, at: Date): Promise<void> };

function failed(...errors: DomainError[]): CodeBatchResult {
  return { codeCount: 0, errors };
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** The named codes and their contents by packaging depth: the named codes first, then their children. */
function byDepth(accepted: ExpandedCode[]): SerialCode[][] {
  const depths = Math.max(0, ...accepted.map((e) => e.levels.length));
  return Array.from({ length: depths }, (_, d) => accepted.flatMap((e) => e.levels[d] ?? []));
}

/**
 * Moves codes with one guarded UPDATE per packaging level (and chunk): `where` is what the plan
 * saw, so a code that changed meanwhile makes the count fall short and the transaction roll back.
 */
async function moveCodes(
  tx: EntityManager,
  levels: SerialCode[][],
  where: FilterQuery<SerialCode>,
  set: Partial<SerialCode>,
): Promise<void> {
  for (const level of levels)
    for (const part of chunks(level.map((c) => c.code))) {
      const changed = await tx.nativeUpdate(SerialCode, { ...(where as object), code: { $in: part } }, set);
      if (changed !== part.length) throw new StaleCodes();
    }
}

/** One trace event per code, with the fields `extra` gives each. */
async function insertEvents(
  tx: EntityManager,
  codes: SerialCode[],
  action: TraceAction,
  at: Date,
  extra: (c: SerialCode) => Partial<TraceEvent>,
): Promise<void> {
  const rows = codes.map((c) => ({
    id: newId('evt', at),
    code: c.code,
    action,
    bizStep: BIZ_STEPS[action],
    dealerId: null,
    warehouseId: null,
    regionId: null,
    actorUserId: null,
    at,
    diverted: false,
    details: null,
    ...extra(c),
  }));
  for (const part of chunks(rows)) await tx.insertMany(TraceEvent, part);
}

function toErrors(problems: CodeProblemResult[]): DomainError[] {
  return problems.map((p) => domainError(p.errorCode, p.message, 'codes'));
}

/**
 * The SERVICE operations that move serial codes with the goods: ship (link to a shipment and its
 * dealer), receive (the dealer signed for it) and return (back into a brand warehouse). Each is
 * idempotent by its key (a `code_batch` row): a replay answers the first outcome and writes nothing.
 */
export class CodeBatchService {
  /** Ships the codes and everything packed in them to the dealer, linked to the shipment. */
  link(ctx: TraceabilityContext, input: LinkShipmentCodes): Promise<CodeBatchResult> {
    const owner = {
      ownerDealerId: input.dealerId,
      ownerRegionPath: input.dealerRegionPath,
      ownerAuthorizedRegionIds: input.authorizedRegionIds.join(','),
    };
    return this.once(ctx, input.key, CodeBatchAction.SHIP, async (em) => {
      const { problems, accepted } = await inspectCodes(em, input.codes, shipRule(input.warehouseId), null);
      if (problems.length) return { errors: toErrors(problems) };
      const levels = byDepth(accepted);
      const codes = levels.flat();
      return {
        codeCount: codes.length,
        write: async (tx, at) => {
          const where = { locationWarehouseId: input.warehouseId, quarantined: false, status: { $in: SHIPPABLE } };
          const set = { ...owner, status: CodeStatus.SHIPPED, shipmentId: input.shipmentId, lastEventAt: at };
          await moveCodes(tx, levels, where, { ...set, locationWarehouseId: null });
          const details = JSON.stringify({ shipmentId: input.shipmentId, orderId: input.orderId });
          const actorUserId = ctx.viewer?.userId ?? null;
          await insertEvents(tx, codes, TraceAction.SHIP, at, () => ({
            dealerId: input.dealerId,
            warehouseId: input.warehouseId,
            actorUserId,
            details,
          }));
          recordEvent(tx, {
            type: EventType.CODES_SHIPPED,
            subjectId: input.shipmentId,
            scope: { dealerIds: [input.dealerId], regionPath: input.dealerRegionPath.split('/').filter(Boolean) },
            occurredAt: at,
            payload: {
              shipmentId: input.shipmentId,
              dealerId: input.dealerId,
              warehouseId: input.warehouseId,
              codeCount: codes.length,
            },
          });
          await insertAudit(tx, ctx, {
            operation: 'linkShipmentCodes',
            action: 'SHIP',
            entityType: 'Shipment',
            entityId: input.shipmentId,
            after: { key: input.key, ...owner, warehouseId: input.warehouseId, codeCount: codes.length },
          });
        },
      };
    });
  }

  /** Receives the shipment's still-shipped codes into the dealer's warehouse (none when it has none). */
  receive(ctx: TraceabilityContext, input: ReceiveShipmentCodes): Promise<CodeBatchResult> {
    const warehouseId = input.warehouseId ?? null;
    return this.once(ctx, input.key, CodeBatchAction.RECEIVE, async (em) => {
      const where = { shipmentId: input.shipmentId, status: CodeStatus.SHIPPED };
      const codes = await em.find(SerialCode, where, { orderBy: { code: 'asc' } });
      return {
        codeCount: codes.length,
        write: async (tx, at) => {
          const set = { status: CodeStatus.RECEIVED, locationWarehouseId: warehouseId, lastEventAt: at };
          await moveCodes(tx, [codes], where, set);
          const details = JSON.stringify({ shipmentId: input.shipmentId });
          await insertEvents(tx, codes, TraceAction.RECEIVE, at, (c) => ({
            dealerId: c.ownerDealerId,
            warehouseId,
            actorUserId: ctx.viewer?.userId ?? null,
            details,
          }));
          await insertAudit(tx, ctx, {
            operation: 'receiveShipmentCodes',
            action: 'RECEIVE',
            entityType: 'Shipment',
            entityId: input.shipmentId,
            after: { key: input.key, warehouseId, codeCount: codes.length },
          });
        },
      };
    });
  }

  /** Takes the codes (and their contents) back from their dealer into the receiving warehouse. */
  returnCodes(ctx: TraceabilityContext, input: ReturnCodes): Promise<CodeBatchResult> {
    return this.once(ctx, input.key, CodeBatchAction.RETURN, async (em) => {
      const { problems, accepted } = await inspectCodes(em, input.codes, returnRule(null), null);
      if (problems.length) return { errors: toErrors(problems) };
      const levels = byDepth(accepted);
      const codes = accepted.flatMap(allOf);
      return {
        codeCount: codes.length,
        write: async (tx, at) => {
          await moveCodes(
            tx,
            levels,
            { status: { $in: [CodeStatus.SHIPPED, CodeStatus.RECEIVED] } },
            {
              status: CodeStatus.RETURNED,
              ownerDealerId: null,
              ownerRegionPath: null,
              ownerAuthorizedRegionIds: null,
              locationWarehouseId: input.warehouseId,
              quarantined: input.quarantined,
              lastEventAt: at,
            },
          );
          await insertEvents(tx, codes, TraceAction.RETURN, at, (c) => ({
            dealerId: c.ownerDealerId,
            warehouseId: input.warehouseId,
            actorUserId: ctx.viewer?.userId ?? null,
            details: JSON.stringify({
              returnId: input.returnId,
              shipmentId: c.shipmentId,
              disposition: DISPOSITION_RETURNED,
              quarantined: input.quarantined,
            }),
          }));
          recordEvent(tx, {
            type: EventType.CODES_RETURNED,
            subjectId: input.returnId,
            scope: { hqOnly: true },
            occurredAt: at,
            payload: {
              returnId: input.returnId,
              warehouseId: input.warehouseId,
              codeCount: codes.length,
              quarantined: input.quarantined,
            },
          });
          await insertAudit(tx, ctx, {
            operation: 'returnCodes',
            action: 'RETURN',
            entityType: 'ReturnRequest',
            entityId: input.returnId,
            after: {
              key: input.key,
              warehouseId: input.warehouseId,
              quarantined: input.quarantined,
              codeCount: codes.length,
            },
          });
        },
      };
    });
  }

  /**
   * Runs an operation once per key: a stored batch answers its count (IDEMPOTENCY_KEY_REUSED when
   * the key was used for another action); otherwise the plan is made on a fresh EntityManager and
   * written in one transaction with the batch row. A concurrent twin that committed first makes the
   * batch insert a no-op and this call a replay; a code changed between plan and write re-plans.
   */
  private async once(
    ctx: TraceabilityContext,
    key: string,
    action: CodeBatchAction,
    plan: (em: EntityManager) => Promise<Plan>,
  ): Promise<CodeBatchResult> {
    if (!key || key.length > KEY_MAX)
      return failed(domainError('BAD_USER_INPUT', `The key must be 1 to ${KEY_MAX} characters`, 'key'));
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const em = ctx.em.fork();
      const stored = await this.replay(em, key, action);
      if (stored) return stored;
      const planned = await plan(em);
      if ('errors' in planned) return failed(...planned.errors);
      const at = new Date();
      const batch = { id: newId('cbt', at), key, action, codeCount: planned.codeCount, createdAt: at };
      try {
        const first = await em.transactional(async (tx) => {
          if (!(await insertOnce(tx, CodeBatch, batch, 'key'))) return false;
          await planned.write(tx, at);
          return true;
        });
        if (first) return { codeCount: planned.codeCount, errors: [] };
      } catch (err) {
        if (!(err instanceof StaleCodes)) throw err;
      }
    }
    const stored = await this.replay(ctx.em.fork(), key, action);
    if (stored) return stored;
    throw new AppError('CONFLICT', 'The codes kept changing while being written; try again');
  }

  /** The stored outcome of `key`, or null when it has not run. */
  private async replay(em: EntityManager, key: string, action: CodeBatchAction): Promise<CodeBatchResult | null> {
    const batch = await em.findOne(CodeBatch, { key });
    if (!batch) return null;
    if (batch.action !== action)
      return failed(domainError('IDEMPOTENCY_KEY_REUSED', `Key "${key}" was used for a ${batch.action}`, 'key'));
    return { codeCount: batch.codeCount, errors: [] };
  }
}
