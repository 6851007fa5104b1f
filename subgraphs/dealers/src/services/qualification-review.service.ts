import {
  addDays,
  businessDate,
  canActFor,
  domainError,
  EventType,
  newId,
  NotFoundError,
  recordAudit,
  recordEvent,
  Role,
  startOfBusinessDay,
  UserInputError,
  type DomainError,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { DealersContext } from '../dealers-context.js';
import { Dealer } from '../entities/dealer.entity.js';
import { QualificationAlert } from '../entities/qualification-alert.entity.js';
import { Qualification, QualificationStatus, type QualificationKind } from '../entities/qualification.entity.js';
import { claimUploads } from './application-upload.js';
import { pathIds, recordDealerChanged } from './dealer-changed.event.js';
import { text } from './dealer-application.rule.js';
import type { OrderingBlockService } from './ordering-block.service.js';

/** What `submitQualificationRenewal` receives: the licence renewed (or a dealer and kind) and the new one. */
export interface RenewalRequest {
  qualificationId?: string | null;
  dealerId?: string | null;
  kind?: QualificationKind | null;
  number: string;
  issuer: string;
  /** `YYYY-MM-DD`, the last valid business day. */
  validUntil: string;
  uploadId: string;
}

/** What `reviewQualification` receives. */
export interface QualificationReviewRequest {
  id: string;
  decision: 'APPROVE' | 'REJECT';
  comment?: string | null;
}

/** The qualification after the change, or why nothing changed. */
export interface QualificationResult {
  qualification: Qualification | null;
  errors: DomainError[];
}

const refused = (code: string, message: string, field: string | null = null): QualificationResult => ({
  qualification: null,
  errors: [domainError(code, message, field)],
});

/**
 * Licence renewals (资质审核): a dealer's users (for their own dealer) and HQ submit a renewed
 * licence, which waits PENDING_REVIEW; HQ, or the region's manager, approves it (the old row
 * becomes SUPERSEDED, its expiry alerts resolve, and an expired-licence block lifts at once:
 * `dealers.qualification_changed` and `dealers.dealer_changed`) or rejects it.
 */
export class QualificationReviewService {
  constructor(
    private readonly blocks: OrderingBlockService,
    private readonly timeZone: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores a renewal awaiting review; refusals write nothing. */
  async submitRenewal(ctx: DealersContext, input: RenewalRequest): Promise<QualificationResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.DEALER_ADMIN, Role.DEALER_STAFF);
    const { dealer, old } = await this.renewed(ctx, input);
    const kind = old?.kind ?? input.kind!;
    const number = text(input.number, 'number', 1, 64)!;
    const issuer = text(input.issuer, 'issuer', 1, 120)!;
    const validUntil = this.endOfDay(input.validUntil);
    const now = this.now();
    if (validUntil.getTime() <= now.getTime() || (old && validUntil.getTime() <= old.validUntil.getTime()))
      return refused(
        'VALID_UNTIL_NOT_LATER',
        'The renewal must be valid later than the licence it renews',
        'validUntil',
      );
    if (old && (await ctx.em.count(Qualification, { replacesId: old.id, status: QualificationStatus.PENDING_REVIEW })))
      return refused('RENEWAL_PENDING', 'A renewal of this licence is already waiting for review', 'qualificationId');
    const row = await ctx.em.transactional(async (tx) => {
      const claimed = await claimUploads(tx, ctx.viewer, [input.uploadId], () => 'uploadId');
      if (claimed.errors.length) return claimed.errors;
      const file = claimed.files.get(input.uploadId)!;
      const q = Object.assign(new Qualification(), {
        id: newId('qlf', now),
        dealerId: dealer.id,
        kind,
        number,
        issuer,
        validUntil,
        status: QualificationStatus.PENDING_REVIEW,
        required: old?.required ?? false,
        blobKey: file.blobKey,
        contentType: file.contentType,
        replacesId: old?.id ?? null,
        submittedByUserId: viewer.userId,
        submittedAt: now,
      });
      tx.persist(q);
      this.recordChanged(tx, q, dealer, now);
      recordAudit(tx, ctx, {
        operation: 'submitQualificationRenewal',
        action: 'CREATE',
        entityType: 'Qualification',
        entityId: q.id,
        after: { kind, number, validUntil, replacesId: q.replacesId },
      });
      return q;
    });
    if (Array.isArray(row)) return { qualification: null, errors: row };
    return { qualification: row, errors: [] };
  }

  /** Approves or rejects a pending renewal; refusals write nothing. */
  async review(ctx: DealersContext, input: QualificationReviewRequest): Promise<QualificationResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER);
    const q = await this.pending(ctx, input.id);
    const dealer = (await ctx.loaders.dealerById.load(q.dealerId))!;
    const comment = text(input.comment, 'comment', 1, 500, true);
    if (q.status !== QualificationStatus.PENDING_REVIEW)
      return refused('QUALIFICATION_NOT_PENDING', `The qualification is ${q.status}`, 'id');
    const approve = input.decision === 'APPROVE';
    if (!approve && !comment) return refused('COMMENT_REQUIRED', 'Say why the renewal is rejected', 'comment');
    const now = this.now();
    const to = approve ? QualificationStatus.ACTIVE : QualificationStatus.REJECTED;
    const done = await ctx.em.transactional(async (tx) => {
      const set = { status: to, reviewedByUserId: viewer.userId, reviewedAt: now, reviewComment: comment };
      const changed = await tx.nativeUpdate(
        Qualification,
        { id: q.id, status: QualificationStatus.PENDING_REVIEW },
        set,
      );
      if (changed !== 1) return false;
      this.recordChanged(
        tx,
        Object.assign(Object.create(Qualification.prototype) as Qualification, q, set),
        dealer,
        now,
      );
      if (approve && q.replacesId) await this.supersede(tx, q.replacesId, dealer, now);
      recordAudit(tx, ctx, {
        operation: 'reviewQualification',
        action: approve ? 'APPROVE' : 'REJECT',
        entityType: 'Qualification',
        entityId: q.id,
        before: { status: QualificationStatus.PENDING_REVIEW },
        after: { status: to, comment },
      });
      if (approve) {
        await tx.flush();
        recordDealerChanged(tx, dealer, 'QUALIFICATION', await this.blocks.of(tx, dealer, now), {}, now);
      }
      return true;
    });
    if (!done) return refused('QUALIFICATION_NOT_PENDING', 'The renewal was reviewed meanwhile', 'id');
    return { qualification: await ctx.em.refreshOrFail(q), errors: [] };
  }

  /** The qualification a renewal replaces; null: a new one. */
  replaces(ctx: DealersContext, q: Qualification): Promise<Qualification | null> | null {
    return q.replacesId ? ctx.em.findOne(Qualification, { id: q.replacesId }) : null;
  }

  /** The old licence becomes SUPERSEDED and its open expiry alerts resolve. */
  private async supersede(tx: EntityManager, oldId: string, dealer: Dealer, now: Date): Promise<void> {
    const old = await tx.findOne(Qualification, { id: oldId, status: QualificationStatus.ACTIVE });
    if (!old) return;
    await tx.nativeUpdate(Qualification, { id: old.id }, { status: QualificationStatus.SUPERSEDED });
    this.recordChanged(tx, Object.assign(old, { status: QualificationStatus.SUPERSEDED }), dealer, now);
    await tx.nativeUpdate(
      QualificationAlert,
      { qualificationId: old.id, openKey: { $ne: null } },
      { openKey: null, resolvedAt: now },
    );
  }

  /** The dealer (which the caller must act for) and the licence a renewal replaces. */
  private async renewed(
    ctx: DealersContext,
    input: RenewalRequest,
  ): Promise<{ dealer: Dealer; old: Qualification | null }> {
    let old: Qualification | null = null;
    let dealerId = input.dealerId ?? null;
    if (input.qualificationId) {
      old = await ctx.em.findOne(Qualification, { id: input.qualificationId, status: QualificationStatus.ACTIVE });
      if (!old) throw new NotFoundError('Qualification', input.qualificationId.slice(0, 40));
      dealerId = old.dealerId;
    } else if (!dealerId || !input.kind) {
      throw new UserInputError('give qualificationId, or dealerId and kind', 'qualificationId');
    }
    const dealer = await ctx.loaders.dealerById.load(dealerId!);
    if (!dealer || !canActFor(ctx.scope, dealer.id, dealer.regionPath))
      throw new NotFoundError(old ? 'Qualification' : 'Dealer', (old?.id ?? dealerId!).slice(0, 40));
    if (!old)
      old = await ctx.em.findOne(
        Qualification,
        { dealerId: dealer.id, kind: input.kind!, status: QualificationStatus.ACTIVE },
        { orderBy: { validUntil: 'desc' } },
      );
    return { dealer, old };
  }

  /** A qualification whose dealer the reviewer may act for; NOT_FOUND otherwise. */
  private async pending(ctx: DealersContext, id: string): Promise<Qualification> {
    const q = typeof id === 'string' && id.length <= 40 ? await ctx.em.findOne(Qualification, { id }) : null;
    const dealer = q ? await ctx.loaders.dealerById.load(q.dealerId) : null;
    if (!q || !dealer || !canActFor(ctx.scope, dealer.id, dealer.regionPath))
      throw new NotFoundError('Qualification', String(id).slice(0, 40));
    return q;
  }

  /** `dealers.qualification_changed` for the dealer's and its parent's users and the region's managers. */
  private recordChanged(tx: EntityManager, q: Qualification, dealer: Dealer, at: Date): void {
    recordEvent(tx, {
      type: EventType.QUALIFICATION_CHANGED,
      subjectId: q.id,
      scope: { dealerIds: pathIds(dealer.dealerPath).slice(-2).reverse(), regionPath: pathIds(dealer.regionPath) },
      occurredAt: at,
      payload: {
        qualificationId: q.id,
        dealerId: q.dealerId,
        kind: q.kind,
        status: q.status,
        validUntil: businessDate(q.validUntil, this.timeZone),
        replacesId: q.replacesId,
      },
    });
  }

  /** The last instant of a business day. */
  private endOfDay(date: string): Date {
    return new Date(startOfBusinessDay(addDays(date, 1), this.timeZone).getTime() - 1);
  }
}
