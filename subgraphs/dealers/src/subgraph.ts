import {
  AUDIT_ENTITIES,
  AUDIT_RESOLVERS,
  buildFederatedSchema,
  type FederatedSchemaOptions,
  DEV_SECRET,
  GAPLESS_COUNTER_ENTITIES,
  serviceUrls,
  type SubgraphDefinition,
  uploadRoute,
  UploadPurpose,
} from '@dnp/subgraph-kit';
import type { DealersContext, DealersLoaders } from './dealers-context.js';
import { createDealersLoaders } from './dealers.loader.js';
import { Dealer, DealerAuthorizedRegion } from './entities/dealer.entity.js';
import { Qualification } from './entities/qualification.entity.js';
import { PartnerKey } from './entities/partner-key.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { UserSession } from './entities/user-session.entity.js';
import { Region } from './entities/region.entity.js';
import { User } from './entities/user.entity.js';
import { UserWarehouse } from './entities/user-warehouse.entity.js';
import { UserInvitation } from './entities/user-invitation.entity.js';
import { DealerStatusChange } from './entities/dealer-status-change.entity.js';
import { ApplicationDocument, DealerApplication } from './entities/dealer-application.entity.js';
import { QualificationAlert } from './entities/qualification-alert.entity.js';
import { DealerGradeChange, GradeEvaluation, GradeProposal } from './entities/grade.entity.js';
import { migrations } from './migrations/index.js';
import { createAuditLogResolver } from './resolvers/audit-log.resolver.js';
import { createAuthResolver } from './resolvers/auth.resolver.js';
import { DealerResolver } from './resolvers/dealer.resolver.js';
import { PartnerKeyResolver } from './resolvers/partner-key.resolver.js';
import { QualificationResolver } from './resolvers/qualification.resolver.js';
import { RegionResolver } from './resolvers/region.resolver.js';
import { createSessionResolver } from './resolvers/session.resolver.js';
import { createPlatformSettingsResolver } from './resolvers/platform-settings.resolver.js';
import { createUserAdminResolver } from './resolvers/user-admin.resolver.js';
import { UserResolver } from './resolvers/user.resolver.js';
import { createDealerStatusResolver } from './resolvers/dealer-status.resolver.js';
import { createQualificationAdminResolver } from './resolvers/qualification-admin.resolver.js';
import { createGradeResolvers } from './resolvers/grade.resolver.js';
import {
  createDealerApplicationFieldResolvers,
  createDealerApplicationResolver,
} from './resolvers/dealer-application.resolver.js';
import { isSeeded, seedDemo } from './seed/demo.seed.js';
import { AuditLogService, type AuditSources } from './services/audit-log.service.js';
import { AuthService, DEV_AUTH_JWT_SECRET, type AuthSettings } from './services/auth.service.js';
import { DealerService } from './services/dealer.service.js';
import { SessionService } from './services/session.service.js';
import { UserAdminService } from './services/user-admin.service.js';
import { UserService } from './services/user.service.js';
import {
  DEFAULT_INVITATION_SETTINGS,
  InvitationService,
  type InvitationSettings,
} from './services/invitation.service.js';
import { DealerStatusService } from './services/dealer-status.service.js';
import { DealerParentService } from './services/dealer-parent.service.js';
import { DEFAULT_NETWORK_SETTINGS, type NetworkSettings } from './services/network-settings.js';
import { OrderingBlockService } from './services/ordering-block.service.js';
import { AdmissionService } from './services/admission.service.js';
import { DealerApplicationService } from './services/dealer-application.service.js';
import { QualificationAlertScanner } from './services/qualification-alert.scanner.js';
import { QualificationReviewService } from './services/qualification-review.service.js';
import { scheduleQualificationScan } from './services/qualification-scan.schedule.js';
import { GradeEvaluationService } from './services/grade-evaluation.service.js';
import { scheduleGradeEvaluation } from './services/grade-evaluation.schedule.js';
import { OrdersPurchaseTotals } from './services/orders-purchase-totals.js';
import { ApplicationDocumentService } from './services/application-document.service.js';
import { documentRoute } from './document.route.js';

const dealers = new DealerService();
const users = new UserService();

/** Every entity of the dealers database. */
const DEALERS_ENTITIES = [
  Region,
  Dealer,
  DealerAuthorizedRegion,
  Qualification,
  User,
  UserSession,
  UserWarehouse,
  RefreshToken,
  PartnerKey,
  UserInvitation,
  DealerStatusChange,
  DealerApplication,
  ApplicationDocument,
  QualificationAlert,
  GradeProposal,
  GradeEvaluation,
  DealerGradeChange,
  ...GAPLESS_COUNTER_ENTITIES,
  ...AUDIT_ENTITIES,
];

/**
 * The dealers subgraph (Region, Dealer, User, Qualification, login, HQ's audit log) signing tokens
 * with `auth`, reading the other subgraphs' audit entries from `audit`, running the dealer
 * lifecycle (status, applications, qualifications, grades) with `network` and issuing invitation
 * links with `invitationSettings`.
 */
export function createDealersSubgraph(
  auth: AuthSettings,
  audit: AuditSources = { subgraphUrls: '', secret: DEV_SECRET },
  network: NetworkSettings = DEFAULT_NETWORK_SETTINGS,
  invitationSettings: InvitationSettings = DEFAULT_INVITATION_SETTINGS,
): SubgraphDefinition<DealersLoaders> {
  const auditLog = new AuditLogService(audit);
  const sessions = new SessionService(auth.accessTtlSeconds);
  // One issuer of invitation links: user administration and admission share it.
  const invitations = new InvitationService(invitationSettings);
  const qualificationAlerts = new QualificationAlertScanner(network.timeZone, network.qualificationAlertDays);
  // Grade evaluation reads orders' dealerPurchaseTotals on demand and by the monthly schedule.
  const purchaseTotals = new OrdersPurchaseTotals({
    url: serviceUrls(audit.subgraphUrls).orders!,
    secret: audit.secret,
  });
  const grades = new GradeEvaluationService(
    purchaseTotals,
    new OrderingBlockService(network.timeZone),
    network.timeZone,
    network.gradeThresholds,
  );
  return {
    name: 'dealers',
    entities: DEALERS_ENTITIES,
    migrations,
    createLoaders: createDealersLoaders,
    seed: seedDemo,
    isSeeded,
    // POST /uploads (through the gateway): licence documents of applications (anonymous) and renewals;
    // GET /documents/applications/…: an application's licence scans, for HQ and the region's managers.
    routes: (app, env) => {
      uploadRoute({ purposes: [UploadPurpose.APPLICATION_DOCUMENT, UploadPurpose.QUALIFICATION_DOCUMENT] })(app, env);
      documentRoute(new ApplicationDocumentService())(app, env);
    },
    // The daily licence expiry scan and the monthly grade evaluation.
    background: (orm, log) => {
      const { timeZone, qualificationScanHour, gradeEvaluationHour } = network;
      const stopScan = scheduleQualificationScan(orm, qualificationAlerts, timeZone, qualificationScanHour, log);
      const stopGrades = scheduleGradeEvaluation(orm, grades, timeZone, gradeEvaluationHour, log);
      return async () => {
        await Promise.all([stopScan(), stopGrades()]);
        await purchaseTotals.close();
      };
    },
    buildSchema: () =>
      buildFederatedSchema<DealersContext>({
        resolvers: [
          RegionResolver,
          DealerResolver,
          QualificationResolver,
          UserResolver,
          PartnerKeyResolver,
          createAuthResolver(new AuthService(auth, sessions, undefined, invitations)),
          createUserAdminResolver(new UserAdminService(sessions, invitations)),
          createSessionResolver(sessions),
          createPlatformSettingsResolver({
            businessTimeZone: network.timeZone,
            rebateMaxOrderShareBp: network.rebateMaxOrderShareBp,
          }),
          createAuditLogResolver(auditLog),
          ...lifecycleResolvers(sessions, network, qualificationAlerts, invitations, grades),
          ...AUDIT_RESOLVERS,
        ],
        referenceResolvers: {
          Region: (ref, ctx) => ctx.loaders.regionById.load(ref.id as string),
          Dealer: (ref, ctx) => dealers.resolveReference(ctx, ref),
          User: (ref, ctx) => users.resolveReference(ctx, ref),
        },
      }),
  };
}

/** The dealer lifecycle's resolvers (status, parents, applications, qualifications, grades) on shared services. */
function lifecycleResolvers(
  sessions: SessionService,
  network: NetworkSettings,
  qualificationAlerts: QualificationAlertScanner,
  invitations: InvitationService,
  grades: GradeEvaluationService,
): FederatedSchemaOptions<DealersContext>['resolvers'][number][] {
  const blocks = new OrderingBlockService(network.timeZone);
  const applications = new DealerApplicationService(network.timeZone);
  return [
    createDealerStatusResolver(new DealerStatusService(sessions, blocks), blocks, new DealerParentService(blocks)),
    createDealerApplicationResolver(applications, new AdmissionService(applications, network, invitations)),
    ...createDealerApplicationFieldResolvers(applications),
    createQualificationAdminResolver(new QualificationReviewService(blocks, network.timeZone), qualificationAlerts),
    ...createGradeResolvers(grades),
  ];
}

/**
 * The definition with development token settings, for tests, SDL printing and migration tooling;
 * `main.ts` builds its own from the configuration.
 */
export const dealersSubgraph: SubgraphDefinition<DealersLoaders> = createDealersSubgraph({
  jwtSecret: DEV_AUTH_JWT_SECRET,
  accessTtlSeconds: 3600,
  refreshTtlDays: 30,
});
