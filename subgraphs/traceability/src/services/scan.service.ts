import {
  domainError,
  EventType,
  ForbiddenError,
  parseAmount,
  recordEvent,
  insertAudit,
  isDealerRole,
  newId,
  Role,
  type DomainError,
} from '@dnp/subgraph-kit';
import { AlertStatus, DiversionAlert } from '../entities/diversion-alert.entity.js';
import type { Region } from '../entities/region.entity.js';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import { BIZ_STEPS, TraceAction, TraceEvent } from '../entities/trace-event.entity.js';
import { ScanAction, type ScanCodeInput } from '../schema/trace.input.js';
import type { TraceabilityContext } from '../traceability-context.js';
import { parseCode } from './codes.service.js';
import { raiseDiversionAlert } from './diversion-alert.service.js';
import { checkDiversion, pathIds, splitIds, toPath } from './diversion.service.js';
import { addSellThrough } from './sell-through-facts.js';
import { canScan } from './scope.service.js';

const MAX_NOTE = 500;

/** Statuses from which each state-changing action may start. */
const ALLOWED_FROM: Partial<Record<ScanAction, CodeStatus[]>> = {
  [ScanAction.SELL]: [CodeStatus.SHIPPED, CodeStatus.RECEIVED],
  [ScanAction.RECEIVE]: [CodeStatus.SHIPPED],
};
const STATUS_AFTER: Partial<Record<ScanAction, CodeStatus>> = {
  [ScanAction.SELL]: CodeStatus.SOLD,
  [ScanAction.RECEIVE]: CodeStatus.RECEIVED,
};
const TRACE_ACTION: Record<ScanAction, TraceAction> = {
  [ScanAction.SELL]: TraceAction.SELL,
  [ScanAction.SCAN]: TraceAction.SCAN,
  [ScanAction.RECEIVE]: TraceAction.RECEIVE,
};

/** Thrown inside the transaction when the guarded status update lost a race; rolls everything back. */
class StaleStatus extends Error {}

/** What a scan did: the code after it, the recorded event and any alert, or errors (then nothing was written). */
export interface ScanResult {
  serialCode: SerialCode | null;
  event: TraceEvent | null;
  diversionAlert: DiversionAlert | null;
  errors: DomainError[];
}

function failed(...errors: DomainError[]): ScanResult {
  return { serialCode: null, event: null, diversionAlert: null, errors };
}

/** A scan that passed the checks: the code, where it happened, and what it writes. */
interface PlannedScan {
  code: SerialCode;
  action: ScanAction;
  event: TraceEvent;
  alert: DiversionAlert | null;
  nextStatus: CodeStatus;
  /** Ids from the root to the region of the scan (the retail sale's scope). */
  regionPath: string[];
}

/** The trace event of a scan, marked diverted when it is one. */
function traceEvent(
  code: SerialCode,
  input: ScanCodeInput,
  region: Region,
  actor: { userId: string; dealerId: string | null },
  at: Date,
  diverted: boolean,
  retailPriceMinor: number | null,
): TraceEvent {
  return Object.assign(new TraceEvent(), {
    id: newId('evt', at),
    code: code.code,
    action: TRACE_ACTION[input.action],
    bizStep: BIZ_STEPS[TRACE_ACTION[input.action]],
    dealerId: actor.dealerId,
    warehouseId: null,
    regionId: region.id,
    actorUserId: actor.userId,
    at,
    diverted,
    retailPriceMinor,
    details: input.note ? JSON.stringify({ note: input.note }) : null,
  });
}

/** The OPEN diversion alert of a diverting scan. */
function diversionAlert(code: SerialCode, region: Region, event: TraceEvent): DiversionAlert {
  return Object.assign(new DiversionAlert(), {
    id: newId('div', event.at),
    code: code.code,
    productId: code.productId,
    ownerDealerId: code.ownerDealerId!,
    ownerAuthorizedRegionIds: code.ownerAuthorizedRegionIds ?? '',
    detectedRegionId: region.id,
    detectedRegionPath: region.path,
    detectedByDealerId: event.dealerId,
    eventId: event.id,
    status: AlertStatus.OPEN,
    detectedAt: event.at,
    acknowledgedAt: null,
    acknowledgedBy: null,
  });
}

/**
 * The retail price of a scan in fen, or null when none was entered; refusals go to `errors`:
 * PRICE_ONLY_ON_SELL (a price on another action), PRICE_NOT_POSITIVE (zero or less) and
 * BAD_USER_INPUT (not a decimal amount with at most two decimals).
 */
function retailPriceOf(input: ScanCodeInput, errors: DomainError[]): number | null {
  if (input.retailPrice == null) return null;
  if (input.action !== ScanAction.SELL) {
    errors.push(domainError('PRICE_ONLY_ON_SELL', 'A retail price goes with a SELL scan only', 'retailPrice'));
    return null;
  }
  const parsed = parseAmount(input.retailPrice);
  if (parsed.minor !== undefined) return parsed.minor;
  const notPositive = parsed.code === 'AMOUNT_NOT_POSITIVE';
  const code = notPositive ? 'PRICE_NOT_POSITIVE' : 'BAD_USER_INPUT';
  errors.push(domainError(code, notPositive ? 'The retail price must be above zero' : parsed.message, 'retailPrice'));
  return null;
}

/**
 * Records `traceability.retail_sold` for a SELL scan in its transaction, so pricing can file the
 * price (price null when none was entered). The seller is the scanning dealer, or the code's
 * owner when HQ scans the sale.
 */
function recordRetailSale(tx: TraceabilityContext['em'], scan: PlannedScan): void {
  const { code, event } = scan;
  const dealerId = event.dealerId ?? code.ownerDealerId ?? '';
  recordEvent(tx, {
    type: EventType.RETAIL_SOLD,
    subjectId: code.code,
    scope: { dealerIds: dealerId ? [dealerId] : [], regionPath: scan.regionPath },
    occurredAt: event.at,
    payload: {
      ...{ code: code.code, productId: code.productId, dealerId, regionId: event.regionId! },
      ...{ priceMinor: event.retailPriceMinor, soldAt: event.at.toISOString() },
    },
  });
}

/** Records scans (sale, receipt, inspection) of serial codes and raises diversion alerts. */
export class ScanService {
  /**
   * Records one scan. Dealer users may scan their own dealer's codes, HQ any code. Expected
   * failures come back as payload errors with nothing written; a successful scan writes the
   * event, the status change and any diversion alert in one transaction.
   */
  async scan(ctx: TraceabilityContext, input: ScanCodeInput): Promise<ScanResult> {
    const viewer = ctx.requireViewer();
    const dealerId = isDealerRole(viewer.role) ? (viewer.dealerId ?? null) : null;
    if (!dealerId && viewer.role !== Role.HQ_ADMIN && viewer.role !== Role.SERVICE)
      throw new ForbiddenError('Only HQ and dealer users can scan codes');
    const found = await this.lookUp(ctx, input);
    if ('errors' in found) return found;
    const { code, region, retailPriceMinor } = found;
    const refusal = this.refusal(code, input.action);
    if (refusal) return failed(refusal);

    const counts = input.action === ScanAction.SELL || input.action === ScanAction.SCAN;
    const diverted =
      counts &&
      checkDiversion({
        ownerDealerId: code.ownerDealerId,
        authorizedRegionIds: splitIds(code.ownerAuthorizedRegionIds),
        regionPath: pathIds(region.path),
      }).diverted;
    const actor = { userId: viewer.userId, dealerId };
    const event = traceEvent(code, input, region, actor, new Date(), diverted, retailPriceMinor);
    const alert = diverted ? diversionAlert(code, region, event) : null;
    const nextStatus = STATUS_AFTER[input.action] ?? code.status;
    try {
      const regionPath = pathIds(region.path);
      await this.record(ctx, { code, action: input.action, event, alert, nextStatus, regionPath });
    } catch (err) {
      if (err instanceof StaleStatus) {
        const fresh = await ctx.em.findOne(SerialCode, { code: code.code }, { refresh: true });
        return failed(
          this.refusal(fresh ?? code, input.action) ??
            domainError('CONFLICT', 'The code changed while scanning; try again', 'code'),
        );
      }
      throw err;
    }
    code.status = nextStatus;
    code.lastEventAt = event.at;
    return { serialCode: code, event, diversionAlert: alert, errors: [] };
  }

  /** The scanned code and the region of the scan, or the input errors (all of them at once) and NOT_FOUND. */
  private async lookUp(
    ctx: TraceabilityContext,
    input: ScanCodeInput,
  ): Promise<{ code: SerialCode; region: Region; retailPriceMinor: number | null } | ScanResult> {
    const errors: DomainError[] = [];
    const retailPriceMinor = retailPriceOf(input, errors);
    const parsed = parseCode(input.code);
    if (!parsed)
      errors.push(
        domainError(
          'BAD_USER_INPUT',
          'Not a serial code ("JH", "JC" or "JP" and 16 Crockford base32 characters)',
          'code',
        ),
      );
    if (input.note != null && input.note.length > MAX_NOTE)
      errors.push(domainError('BAD_USER_INPUT', `The note must be at most ${MAX_NOTE} characters`, 'note'));
    const region = await ctx.loaders.regionById.load(input.regionId);
    if (!region) errors.push(domainError('NOT_FOUND', `Region "${input.regionId}" was not found`, 'regionId'));
    if (errors.length || !parsed || !region) return failed(...errors);

    const code = await ctx.loaders.codeByCode.load(parsed.code);
    if (!code || !canScan(ctx.scope, code))
      return failed(domainError('NOT_FOUND', `Serial code "${parsed.code}" was not found`, 'code'));
    return { code, region, retailPriceMinor };
  }

  /**
   * Writes a scan in one transaction: the status change guarded on the status it starts from (a
   * concurrent scan that sold the code first makes it throw StaleStatus and roll back), the
   * event, any diversion alert with its event, the contents of a received case or pallet, and
   * the audit entry.
   */
  private async record(ctx: TraceabilityContext, scan: PlannedScan): Promise<void> {
    const { code, action, event, alert, nextStatus } = scan;
    await ctx.em.transactional(async (tx) => {
      const where = ALLOWED_FROM[action]
        ? { code: code.code, status: { $in: ALLOWED_FROM[action]! } }
        : { code: code.code };
      const updated = await tx.nativeUpdate(SerialCode, where, { status: nextStatus, lastEventAt: event.at });
      if (updated !== 1) throw new StaleStatus();
      await tx.insert(TraceEvent, { ...event });
      if (alert) await raiseDiversionAlert(tx, alert);
      if (action === ScanAction.SELL) {
        recordRetailSale(tx, scan);
        await addSellThrough(tx, {
          ...{ at: event.at, dealerId: event.dealerId ?? code.ownerDealerId ?? '', productId: code.productId },
          ...{ regionId: event.regionId!, regionPath: toPath(scan.regionPath) },
          ...{ dealerRegionPath: code.ownerRegionPath ?? '', priceMinor: event.retailPriceMinor },
        });
      }
      if (action === ScanAction.RECEIVE && code.level !== CodeLevel.ITEM) await this.receiveContents(tx, code, event);
      await insertAudit(tx, ctx, {
        operation: 'scanCode',
        action,
        entityType: 'SerialCode',
        entityId: code.code,
        before: { status: code.status },
        after: { status: nextStatus, eventId: event.id, regionId: event.regionId, diversionAlertId: alert?.id ?? null },
      });
    });
  }

  /** Why `action` cannot happen to `code` in its current state, or null when it can. */
  private refusal(code: SerialCode, action: ScanAction): DomainError | null {
    if (code.status === CodeStatus.VOIDED)
      return domainError('CODE_VOIDED', `Serial code "${code.code}" has been voided`, 'code');
    if (action === ScanAction.SCAN) return null;
    if (code.status === CodeStatus.SOLD)
      return domainError('ALREADY_SOLD', `Serial code "${code.code}" has already been sold`, 'code');
    if (action === ScanAction.SELL && code.level !== CodeLevel.ITEM)
      return domainError('NOT_AN_ITEM', 'Only item codes ("JH…") can be sold to customers', 'code');
    if (action === ScanAction.RECEIVE && code.status === CodeStatus.RECEIVED)
      return domainError('ALREADY_RECEIVED', `Serial code "${code.code}" has already been received`, 'code');
    if (!ALLOWED_FROM[action]!.includes(code.status))
      return domainError('NOT_SHIPPED', `Serial code "${code.code}" has not been shipped to a dealer yet`, 'code');
    return null;
  }

  /**
   * Receiving a case or pallet receives what is packed in it: each still-shipped descendant gets
   * its own RECEIVE event.
   */
  private async receiveContents(tx: TraceabilityContext['em'], parent: SerialCode, event: TraceEvent): Promise<void> {
    const descendants: SerialCode[] = [];
    let level = [parent.code];
    while (level.length) {
      const rows = await tx.find(SerialCode, { parentCode: { $in: level } });
      descendants.push(...rows);
      level = rows.map((r) => r.code);
    }
    const shipped = descendants.filter((d) => d.status === CodeStatus.SHIPPED);
    if (!shipped.length) return;
    await tx.nativeUpdate(
      SerialCode,
      { code: { $in: shipped.map((d) => d.code) }, status: CodeStatus.SHIPPED },
      { status: CodeStatus.RECEIVED, lastEventAt: event.at },
    );
    const details = JSON.stringify({ via: parent.code });
    await tx.insertMany(
      TraceEvent,
      shipped.map((d) => ({ ...event, id: newId('evt', event.at), code: d.code, details })),
    );
  }
}
