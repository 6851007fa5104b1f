import {
  domainError,
  EventType,
  ForbiddenError,
  insertAudit,
  isDealerRole,
  newId,
  recordEvent,
  Role,
  type DomainError,
} from '@dnp/subgraph-kit';
import { AlertStatus, DiversionAlert } from '../entities/diversion-alert.entity.js';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import { BIZ_STEPS, TraceAction, TraceEvent } from '../entities/trace-event.entity.js';
import { ScanAction, type ScanCodeInput } from '../schema/trace.input.js';
import type { TraceabilityContext } from '../traceability-context.js';
import { parseCode } from './codes.service.js';
import { checkDiversion, pathIds, splitIds } from './diversion.service.js';
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

    const errors: DomainError[] = [];
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
    const refusal = this.refusal(code, input.action);
    if (refusal) return failed(refusal);

    const at = new Date();
    const counts = input.action === ScanAction.SELL || input.action === ScanAction.SCAN;
    const verdict = counts
      ? checkDiversion({
          ownerDealerId: code.ownerDealerId,
          authorizedRegionIds: splitIds(code.ownerAuthorizedRegionIds),
          regionPath: pathIds(region.path),
        })
      : { diverted: false, coveredBy: null };
    const event = Object.assign(new TraceEvent(), {
      id: newId('evt', at),
      code: code.code,
      action: TRACE_ACTION[input.action],
      bizStep: BIZ_STEPS[TRACE_ACTION[input.action]],
      dealerId,
      warehouseId: null,
      regionId: region.id,
      actorUserId: viewer.userId,
      at,
      diverted: verdict.diverted,
      details: input.note ? JSON.stringify({ note: input.note }) : null,
    });
    const alert = verdict.diverted
      ? Object.assign(new DiversionAlert(), {
          id: newId('div', at),
          code: code.code,
          productId: code.productId,
          ownerDealerId: code.ownerDealerId!,
          ownerAuthorizedRegionIds: code.ownerAuthorizedRegionIds ?? '',
          detectedRegionId: region.id,
          detectedRegionPath: region.path,
          detectedByDealerId: dealerId,
          eventId: event.id,
          status: AlertStatus.OPEN,
          detectedAt: at,
          acknowledgedAt: null,
          acknowledgedBy: null,
        })
      : null;
    const nextStatus = STATUS_AFTER[input.action] ?? code.status;

    try {
      await ctx.em.transactional(async (tx) => {
        // Guarded update: if a concurrent scan sold the code first, no row matches and we roll back.
        const where = ALLOWED_FROM[input.action]
          ? { code: code.code, status: { $in: ALLOWED_FROM[input.action]! } }
          : { code: code.code };
        const updated = await tx.nativeUpdate(SerialCode, where, { status: nextStatus, lastEventAt: at });
        if (updated !== 1) throw new StaleStatus();
        await tx.insert(TraceEvent, { ...event });
        if (alert) {
          await tx.insert(DiversionAlert, { ...alert });
          // Diversion alerts are for HQ and the region managers above where it was detected: no dealer.
          recordEvent(tx, {
            type: EventType.DIVERSION_DETECTED,
            subjectId: alert.id,
            scope: { dealerIds: [], regionPath: alert.detectedRegionPath.split('/').filter(Boolean) },
            occurredAt: at,
            payload: {
              alertId: alert.id,
              code: alert.code,
              productId: alert.productId,
              ownerDealerId: alert.ownerDealerId,
              detectedRegionId: alert.detectedRegionId,
              detectedByDealerId: alert.detectedByDealerId,
            },
          });
        }
        if (input.action === ScanAction.RECEIVE && code.level !== CodeLevel.ITEM)
          await this.receiveContents(tx, code, event);
        await insertAudit(tx, ctx, {
          operation: 'scanCode',
          action: input.action,
          entityType: 'SerialCode',
          entityId: code.code,
          before: { status: code.status },
          after: { status: nextStatus, eventId: event.id, regionId: region.id, diversionAlertId: alert?.id ?? null },
        });
      });
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
    code.lastEventAt = at;
    return { serialCode: code, event, diversionAlert: alert, errors: [] };
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

  /** Receiving a case or pallet receives what is packed in it: each still-shipped descendant gets its own RECEIVE event. */
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
