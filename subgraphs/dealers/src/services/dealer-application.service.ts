import {
  businessDate,
  dataScopeOf,
  decodeCursor,
  cursorDate,
  domainError,
  EventType,
  newId,
  NotFoundError,
  pageSize,
  recordAudit,
  recordEvent,
  takeDocumentNumber,
  toPage,
  type DomainError,
  type Page,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { DealersContext } from '../dealers-context.js';
import {
  ApplicationDocument,
  ApplicationStatus,
  BusinessScope,
  DealerApplication,
} from '../entities/dealer-application.entity.js';
import { Dealer } from '../entities/dealer.entity.js';
import { Region } from '../entities/region.entity.js';
import { claimUploads } from './application-upload.js';
import { pathIds } from './dealer-changed.event.js';
import { applicationErrors, normalizeApplication, type DealerApplicationRequest } from './dealer-application.rule.js';

/** States in which an application holds its credit code (a second application with it is a duplicate). */
export const LIVE_STATUSES = [
  ApplicationStatus.SUBMITTED,
  ApplicationStatus.REGION_APPROVED,
  ApplicationStatus.APPROVED,
];

/** One review of an application, as `regionReview` and `hqReview` show it. */
export interface ReviewStepView {
  reviewedBy: string;
  reviewedAt: Date;
  comment: string | null;
}

/** The application number, or why nothing was submitted. */
export interface SubmitResult {
  number: string | null;
  errors: DomainError[];
}

/**
 * Records `dealers.dealer_application_changed` in the caller's transaction; the region's managers
 * and HQ see it.
 */
export function recordApplicationChanged(
  tx: EntityManager,
  app: DealerApplication,
  fromStatus: ApplicationStatus | null,
  at: Date,
): void {
  recordEvent(tx, {
    type: EventType.DEALER_APPLICATION_CHANGED,
    subjectId: app.id,
    scope: { regionPath: pathIds(app.regionPath) },
    occurredAt: at,
    payload: {
      applicationId: app.id,
      number: app.number,
      fromStatus,
      toStatus: app.status,
      regionId: app.regionId,
      dealerId: app.dealerId,
    },
  });
}

/** The applications `ctx`'s viewer may read: HQ all, a manager its region subtree, anyone else none. */
export function applicationScope(ctx: Pick<DealersContext, 'viewer'>): FilterQuery<DealerApplication> | null {
  const scope = dataScopeOf(ctx.viewer);
  if (scope.kind === 'all') return {};
  if (scope.kind === 'region')
    return { regionPath: { $like: scope.pathPrefix ? `${scope.pathPrefix}%` : `%/${scope.regionId}/%` } };
  return null;
}

/**
 * Applications to join the network (招募): anyone submits (an applicant reads nothing back but
 * the number); the region's managers and HQ read the queue. Reviews are in admission.service.ts.
 */
export class DealerApplicationService {
  constructor(
    private readonly timeZone: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Validates and stores an application; every refusal writes nothing. */
  async submit(ctx: DealersContext, raw: DealerApplicationRequest): Promise<SubmitResult> {
    const input = normalizeApplication(raw);
    const now = this.now();
    const today = businessDate(now, this.timeZone);
    const errors = applicationErrors(input, today);
    const region = await ctx.em.findOne(Region, { id: input.regionId });
    if (!region) errors.push(domainError('REGION_UNKNOWN', 'Unknown region', 'regionId'));
    const parent = input.parentDealerCode
      ? await ctx.em.findOne(Dealer, { code: input.parentDealerCode.toUpperCase() })
      : null;
    if (input.parentDealerCode && !parent)
      errors.push(domainError('PARENT_UNKNOWN', 'No dealer has that code', 'parentDealerCode'));
    if (await ctx.em.count(DealerApplication, { liveCreditCode: input.creditCode }))
      errors.push(domainError('APPLICATION_DUPLICATE', 'This company has applied or is a dealer', 'creditCode'));
    if (errors.length || !region) return { number: null, errors };

    return ctx.em.transactional(async (tx) => {
      const claimed = await claimUploads(
        tx,
        ctx.viewer,
        input.documents.map((d) => d.uploadId),
      );
      if (claimed.errors.length) return { number: null, errors: claimed.errors };
      const day = today.replaceAll('-', '');
      // One counter per business day ("AP20261207"), numbered from 1 without gaps.
      const seq = await takeDocumentNumber(tx, `AP${day}`, Number(day.slice(0, 4)));
      const app = Object.assign(new DealerApplication(), {
        id: newId('app', now),
        number: `AP${day}${String(seq).padStart(4, '0')}`,
        status: ApplicationStatus.SUBMITTED,
        version: 1,
        companyName: input.companyName,
        companyNameEn: input.companyNameEn ?? null,
        creditCode: input.creditCode,
        liveCreditCode: input.creditCode,
        legalRepresentative: input.legalRepresentative,
        address: input.address,
        levelApplied: input.levelApplied,
        regionId: region.id,
        regionPath: region.path,
        parentDealerId: parent?.id ?? null,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        contactEmail: input.contactEmail ?? null,
        businessScope: input.businessScopes.join(','),
        wantsWarehouse: Boolean(input.wantsWarehouse),
        note: input.note ?? null,
        submittedAt: now,
        submitterIpHash: null,
        dealerId: null,
      });
      tx.persist(app);
      for (const d of input.documents) {
        const file = claimed.files.get(d.uploadId)!;
        tx.persist(
          Object.assign(new ApplicationDocument(), { id: newId('apd', now), applicationId: app.id, ...d, ...file }),
        );
      }
      recordApplicationChanged(tx, app, null, now);
      recordAudit(tx, ctx, {
        operation: 'submitDealerApplication',
        action: 'CREATE',
        entityType: 'DealerApplication',
        entityId: app.id,
        after: { number: app.number, creditCode: app.creditCode, regionId: app.regionId },
      });
      return { number: app.number, errors: [] };
    });
  }

  /** One application in the viewer's scope; NOT_FOUND otherwise. */
  async findOne(ctx: DealersContext, id: string): Promise<DealerApplication> {
    ctx.requireViewer();
    const scope = applicationScope(ctx);
    const app =
      scope && typeof id === 'string' && id.length <= 40
        ? await ctx.em.findOne(DealerApplication, { $and: [scope, { id }] })
        : null;
    if (!app) throw new NotFoundError('DealerApplication', String(id).slice(0, 40));
    return app;
  }

  /** The queue in the viewer's scope, oldest submission first (cursor on submittedAt, id). */
  async list(
    ctx: DealersContext,
    args: {
      first?: number | null;
      after?: string | null;
      status?: ApplicationStatus[] | null;
      regionId?: string | null;
    },
  ): Promise<Page<DealerApplication>> {
    ctx.requireViewer();
    const limit = pageSize(args.first);
    const cursorOf = (a: DealerApplication) => [a.submittedAt.toISOString(), a.id];
    const scope = applicationScope(ctx);
    if (!scope) return toPage([], limit, Boolean(args.after), 0, cursorOf);
    const where: FilterQuery<DealerApplication>[] = [scope];
    if (args.status?.length) where.push({ status: { $in: args.status } });
    if (args.regionId) {
      const region = await ctx.loaders.regionById.load(args.regionId);
      if (!region) throw new NotFoundError('Region', args.regionId.slice(0, 40));
      where.push({ regionPath: { $like: `${region.path}%` } });
    }
    const base: FilterQuery<DealerApplication> = { $and: where };
    const page: FilterQuery<DealerApplication>[] = [base];
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2) as [string, string];
      const t = cursorDate(at);
      page.push({ $or: [{ submittedAt: { $gt: t } }, { submittedAt: t, id: { $gt: id } }] });
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([])
        : ctx.em.find(
            DealerApplication,
            { $and: page },
            { orderBy: { submittedAt: 'asc', id: 'asc' }, limit: limit + 1 },
          ),
      ctx.em.count(DealerApplication, base),
    ]);
    return toPage(rows, limit, Boolean(args.after), total, cursorOf);
  }

  /** The documents submitted with the application. */
  documents(ctx: DealersContext, app: DealerApplication): Promise<ApplicationDocument[]> {
    return ctx.em.find(ApplicationDocument, { applicationId: app.id }, { orderBy: { kind: 'asc', id: 'asc' } });
  }

  /** The region applied for. */
  async region(ctx: DealersContext, app: DealerApplication): Promise<Region> {
    const region = await ctx.loaders.regionById.load(app.regionId);
    if (!region) throw new NotFoundError('Region', app.regionId);
    return region;
  }

  /** The business scopes from their comma list. */
  businessScopes(app: DealerApplication): BusinessScope[] {
    return app.businessScope.split(',').filter(Boolean) as BusinessScope[];
  }

  /** One review as the API shows it; null while it has not happened. */
  reviewStep(by: string | null, at: Date | null, comment: string | null): ReviewStepView | null {
    return by && at ? { reviewedBy: by, reviewedAt: at, comment } : null;
  }
}
