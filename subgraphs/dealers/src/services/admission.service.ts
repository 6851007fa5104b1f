import {
  addDays,
  domainError,
  EventType,
  newId,
  parseAmount,
  recordAudit,
  recordEvent,
  Role,
  startOfBusinessDay,
  UserInputError,
  type DomainError,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { DealersContext } from '../dealers-context.js';
import { ApplicationDocument, ApplicationStatus, DealerApplication } from '../entities/dealer-application.entity.js';
import { Dealer, DealerAuthorizedRegion, DealerGrade, DealerStatus } from '../entities/dealer.entity.js';
import { Qualification, QualificationStatus } from '../entities/qualification.entity.js';
import { User, UserRole } from '../entities/user.entity.js';
import { issueAdminInvitation } from './admission-invitation.js';
import type { InvitationService } from './invitation.service.js';
import { pathIds } from './dealer-changed.event.js';
import { requiredKinds, text } from './dealer-application.rule.js';
import { recordApplicationChanged, type DealerApplicationService } from './dealer-application.service.js';
import { statusChangeRow } from './dealer-status.service.js';
import type { NetworkSettings } from './network-settings.js';

const USERNAME = /^[a-z0-9_.-]{3,64}$/;

/** What `reviewDealerApplication` receives. */
export interface ReviewApplicationRequest {
  id: string;
  expectedVersion: number;
  decision: 'APPROVE' | 'REJECT';
  comment?: string | null;
  grade?: DealerGrade | null;
  creditLimit?: string | null;
  termDays?: number | null;
  createWarehouse?: boolean | null;
  adminUsername?: string | null;
}

/** The reviewed application (and the admitted dealer with its one-time invitation link), or why nothing changed. */
export interface ReviewResult {
  application: DealerApplication | null;
  dealer: Dealer | null;
  invitationUrl: string | null;
  errors: DomainError[];
}

/** The admission terms, checked. */
interface Terms {
  grade: DealerGrade;
  limitMinor: number;
  termDays: number;
  createWarehouse: boolean;
  username: string;
}

const refused = (code: string, message: string, field: string | null = null): ReviewResult => ({
  application: null,
  dealer: null,
  invitationUrl: null,
  errors: [domainError(code, message, field)],
});

/**
 * Reviews of applications (准入): a region manager approves SUBMITTED applications of its region
 * (→ REGION_APPROVED) or rejects them; head office rejects, or admits a REGION_APPROVED one (a
 * SUBMITTED one only where no manager covers the region). Admission is one transaction: the
 * dealer, its home region as authorized region, its licences, its inactive administrator with an
 * invitation, the status history row, audit and `dealers.dealer_admitted` (finance and inventory
 * open the accounts from it).
 */
export class AdmissionService {
  constructor(
    private readonly applications: DealerApplicationService,
    private readonly settings: NetworkSettings,
    private readonly invitations: InvitationService | null = null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Applies one decision; refusals write nothing. */
  async review(ctx: DealersContext, input: ReviewApplicationRequest): Promise<ReviewResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER);
    const app = await this.applications.findOne(ctx, input.id);
    const hq = viewer.role === Role.HQ_ADMIN;
    const comment = text(input.comment, 'comment', 1, 500, true);
    if (app.version !== input.expectedVersion)
      return refused('VERSION_CONFLICT', 'The application changed since you read it', 'expectedVersion');
    const pending = hq
      ? app.status === ApplicationStatus.REGION_APPROVED ||
        (app.status === ApplicationStatus.SUBMITTED &&
          (input.decision === 'REJECT' || !(await this.regionHasManager(ctx.em, app))))
      : app.status === ApplicationStatus.SUBMITTED;
    if (!pending) return refused('APPLICATION_NOT_PENDING', `The application is ${app.status}`, 'id');
    if (input.decision === 'REJECT') {
      if (!comment) return refused('COMMENT_REQUIRED', 'Say why the application is rejected', 'comment');
      return this.move(ctx, app, ApplicationStatus.REJECTED, comment, hq);
    }
    if (!hq) return this.move(ctx, app, ApplicationStatus.REGION_APPROVED, comment, false);
    return this.admit(ctx, app, input, comment);
  }

  /** A decision that only moves the application (region approval, rejection). */
  private async move(
    ctx: DealersContext,
    app: DealerApplication,
    to: ApplicationStatus,
    comment: string | null,
    hq: boolean,
  ): Promise<ReviewResult> {
    const viewer = ctx.requireViewer();
    const now = this.now();
    const review = hq
      ? { hqReviewedBy: viewer.userId, hqReviewedAt: now, hqReviewComment: comment }
      : { regionReviewedBy: viewer.userId, regionReviewedAt: now, regionReviewComment: comment };
    const rejected = to === ApplicationStatus.REJECTED;
    const set = {
      status: to,
      version: app.version + 1,
      ...review,
      ...(rejected ? { rejectionReason: comment, liveCreditCode: null } : {}),
    };
    const done = await ctx.em.transactional(async (tx) => {
      const changed = await tx.nativeUpdate(DealerApplication, { id: app.id, version: app.version }, set);
      if (changed !== 1) return false;
      recordApplicationChanged(
        tx,
        Object.assign(Object.create(DealerApplication.prototype), app, set),
        app.status,
        now,
      );
      recordAudit(tx, ctx, {
        operation: 'reviewDealerApplication',
        action: rejected ? 'REJECT' : 'APPROVE',
        entityType: 'DealerApplication',
        entityId: app.id,
        before: { status: app.status },
        after: { status: to, comment },
      });
      return true;
    });
    if (!done) return refused('VERSION_CONFLICT', 'The application changed since you read it', 'expectedVersion');
    return { application: await ctx.em.refreshOrFail(app), dealer: null, invitationUrl: null, errors: [] };
  }

  /** HQ's approval: checks the terms, then creates everything in one transaction. */
  private async admit(
    ctx: DealersContext,
    app: DealerApplication,
    input: ReviewApplicationRequest,
    comment: string | null,
  ): Promise<ReviewResult> {
    const terms = await this.terms(ctx.em, app, input);
    if ('errors' in terms) return { application: null, dealer: null, invitationUrl: null, errors: terms.errors };
    const parent = app.parentDealerId ? await ctx.em.findOne(Dealer, { id: app.parentDealerId }) : null;
    if (app.parentDealerId && parent?.status !== DealerStatus.ACTIVE)
      return refused('PARENT_NOT_ACTIVE', 'The dealer it would buy from is not active', 'id');
    const now = this.now();
    const admitted = await ctx.em.transactional(async (tx) => {
      const changed = await tx.nativeUpdate(
        DealerApplication,
        { id: app.id, version: app.version },
        { status: ApplicationStatus.APPROVED, version: app.version + 1 },
      );
      if (changed !== 1) return null;
      const dealer = await this.createDealer(tx, ctx, app, parent, terms, now);
      const admin = await this.createAdmin(tx, app, dealer, terms.username, now);
      const invitation = await issueAdminInvitation(this.invitations, tx, admin, ctx.requireViewer().userId, now);
      const review = { hqReviewedBy: ctx.requireViewer().userId, hqReviewedAt: now, hqReviewComment: comment };
      await tx.nativeUpdate(DealerApplication, { id: app.id }, { dealerId: dealer.id, ...review });
      const after = Object.assign(Object.create(DealerApplication.prototype) as DealerApplication, app, {
        status: ApplicationStatus.APPROVED,
        dealerId: dealer.id,
      });
      recordApplicationChanged(tx, after, app.status, now);
      this.recordAdmitted(tx, dealer, terms, now);
      recordAudit(tx, ctx, {
        operation: 'reviewDealerApplication',
        action: 'ADMIT',
        entityType: 'DealerApplication',
        entityId: app.id,
        before: { status: app.status },
        after: { status: ApplicationStatus.APPROVED, dealerId: dealer.id, code: dealer.code, ...terms, comment },
      });
      return { dealer, invitation };
    });
    if (!admitted) return refused('VERSION_CONFLICT', 'The application changed since you read it', 'expectedVersion');
    ctx.log.info({ applicationId: app.id, dealerId: admitted.dealer.id }, 'dealer admitted');
    return {
      application: await ctx.em.refreshOrFail(app),
      dealer: await ctx.em.findOneOrFail(Dealer, { id: admitted.dealer.id }),
      invitationUrl: admitted.invitation.invitationUrl,
      errors: [],
    };
  }

  /** The admission terms from the input and the defaults; refusals as domain errors. */
  private async terms(
    em: EntityManager,
    app: DealerApplication,
    input: ReviewApplicationRequest,
  ): Promise<Terms | { errors: DomainError[] }> {
    const grade = input.grade ?? this.settings.defaultGrade;
    let limitMinor = this.settings.initialCreditLimits[grade];
    if (input.creditLimit != null) {
      const parsed = parseAmount(input.creditLimit);
      if (parsed.code) return { errors: [domainError(parsed.code, parsed.message, 'creditLimit')] };
      limitMinor = parsed.minor;
    }
    const termDays = input.termDays ?? this.settings.initialTermDays;
    if (!Number.isInteger(termDays) || termDays < 0 || termDays > 180)
      throw new UserInputError('termDays must be 0 to 180', 'termDays');
    const username = (input.adminUsername?.trim() || `${app.number.toLowerCase()}_admin`).toLowerCase();
    if (!USERNAME.test(username))
      throw new UserInputError('adminUsername must match [a-z0-9_.-]{3,64}', 'adminUsername');
    if (await em.count(User, { username }))
      return { errors: [domainError('USERNAME_TAKEN', `The username ${username} is taken`, 'adminUsername')] };
    return { grade, limitMinor, termDays, createWarehouse: input.createWarehouse ?? app.wantsWarehouse, username };
  }

  /** The dealer row, its authorized home region, its licences and its admission history row. */
  private async createDealer(
    tx: EntityManager,
    ctx: DealersContext,
    app: DealerApplication,
    parent: Dealer | null,
    terms: Terms,
    now: Date,
  ): Promise<Dealer> {
    const id = newId('dlr', now);
    const code = await this.nextDealerCode(tx);
    const name = app.companyName;
    const nameEn = app.companyNameEn ?? app.companyName;
    const dealer = Object.assign(new Dealer(), {
      id,
      code,
      name,
      nameEn,
      level: app.levelApplied,
      grade: terms.grade,
      status: DealerStatus.ACTIVE,
      parentId: parent?.id ?? null,
      regionId: app.regionId,
      regionPath: app.regionPath,
      dealerPath: `${parent?.dealerPath ?? '/'}${id}/`,
      contactName: app.contactName,
      contactPhone: app.contactPhone,
      joinedAt: now,
      searchText: [name, nameEn, code, app.contactName].join(' ').toLowerCase().slice(0, 600),
    });
    tx.persist(dealer);
    tx.persist(Object.assign(new DealerAuthorizedRegion(), { dealerId: id, regionId: app.regionId }));
    const required = new Set(requiredKinds(app.businessScope.split(',')));
    const documents = await tx.find(ApplicationDocument, { applicationId: app.id });
    for (const d of documents)
      tx.persist(
        Object.assign(new Qualification(), {
          id: newId('qlf', now),
          dealerId: id,
          kind: d.kind,
          number: d.number,
          issuer: d.issuer,
          validUntil: new Date(startOfBusinessDay(addDays(d.validUntil, 1), this.settings.timeZone).getTime() - 1),
          status: QualificationStatus.ACTIVE,
          required: required.has(d.kind),
          blobKey: d.blobKey,
          contentType: d.contentType,
        }),
      );
    tx.persist(statusChangeRow(ctx, id, DealerStatus.APPLICANT, DealerStatus.ACTIVE, `Admitted: ${app.number}`, now));
    await tx.flush();
    return dealer;
  }

  /** The dealer's first administrator: inactive, no usable password, until it accepts its invitation. */
  private async createAdmin(
    tx: EntityManager,
    app: DealerApplication,
    dealer: Dealer,
    username: string,
    now: Date,
  ): Promise<User> {
    const user = Object.assign(new User(), {
      id: newId('usr', now),
      username,
      // "!" is no argon2 hash: PasswordService.verify answers false until the invitation sets one.
      passwordHash: '!',
      displayName: app.contactName,
      role: UserRole.DEALER_ADMIN,
      dealerId: dealer.id,
      regionId: dealer.regionId,
      active: false,
      disabledAt: null,
      disabledReason: null,
      sessionsValidAfter: null,
      createdAt: now,
      lastLoginAt: null,
    });
    tx.persist(user);
    await tx.flush();
    return user;
  }

  /** `dealers.dealer_admitted`, with the initial credit terms finance opens the account with. */
  private recordAdmitted(tx: EntityManager, dealer: Dealer, terms: Terms, at: Date): void {
    recordEvent(tx, {
      type: EventType.DEALER_ADMITTED,
      subjectId: dealer.id,
      scope: { dealerIds: pathIds(dealer.dealerPath).slice(-2).reverse(), regionPath: pathIds(dealer.regionPath) },
      occurredAt: at,
      payload: {
        dealerId: dealer.id,
        code: dealer.code,
        name: dealer.name,
        level: dealer.level,
        grade: dealer.grade,
        parentId: dealer.parentId,
        regionId: dealer.regionId,
        regionPath: dealer.regionPath,
        dealerPath: dealer.dealerPath,
        initialCreditLimitMinor: terms.limitMinor,
        termDays: terms.termDays,
        createWarehouse: terms.createWarehouse,
        warehouseName: terms.createWarehouse ? `${dealer.name}仓` : null,
      },
    });
  }

  /** The next dealer code: "D" and one more than the highest number in use, five digits at least. */
  private async nextDealerCode(tx: EntityManager): Promise<string> {
    const rows = await tx.find(Dealer, { code: { $like: 'D%' } }, { fields: ['code'] });
    const top = Math.max(0, ...rows.map((d) => Number(d.code.slice(1))).filter(Number.isFinite));
    return `D${String(top + 1).padStart(5, '0')}`;
  }

  /** True when a region manager covers the application's region (it must review first). */
  private async regionHasManager(em: EntityManager, app: DealerApplication): Promise<boolean> {
    const ids = pathIds(app.regionPath);
    return (await em.count(User, { role: UserRole.REGION_MANAGER, active: true, regionId: { $in: ids } })) > 0;
  }
}
