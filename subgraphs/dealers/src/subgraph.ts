import {
  AUDIT_ENTITIES,
  AUDIT_RESOLVERS,
  buildFederatedSchema,
  DEV_SECRET,
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
import { migrations } from './migrations/index.js';
import { createAuditLogResolver } from './resolvers/audit-log.resolver.js';
import { createAuthResolver } from './resolvers/auth.resolver.js';
import { DealerResolver } from './resolvers/dealer.resolver.js';
import { PartnerKeyResolver } from './resolvers/partner-key.resolver.js';
import { QualificationResolver } from './resolvers/qualification.resolver.js';
import { RegionResolver } from './resolvers/region.resolver.js';
import { createSessionResolver } from './resolvers/session.resolver.js';
import { createUserAdminResolver } from './resolvers/user-admin.resolver.js';
import { UserResolver } from './resolvers/user.resolver.js';
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

const dealers = new DealerService();
const users = new UserService();

/**
 * The dealers subgraph (Region, Dealer, User, Qualification, login, HQ's audit log) signing tokens
 * with `auth`, reading the other subgraphs' audit entries from `audit` and issuing invitation links
 * with `invitationSettings`.
 */
export function createDealersSubgraph(
  auth: AuthSettings,
  audit: AuditSources = { subgraphUrls: '', secret: DEV_SECRET },
  invitationSettings: InvitationSettings = DEFAULT_INVITATION_SETTINGS,
): SubgraphDefinition<DealersLoaders> {
  const auditLog = new AuditLogService(audit);
  const sessions = new SessionService(auth.accessTtlSeconds);
  // One issuer of invitation links: user administration and admission (P3) share it.
  const invitations = new InvitationService(invitationSettings);
  return {
    name: 'dealers',
    entities: [
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
      ...AUDIT_ENTITIES,
    ],
    migrations,
    createLoaders: createDealersLoaders,
    seed: seedDemo,
    isSeeded,
    // POST /uploads (through the gateway): licence documents of applications (anonymous) and renewals.
    routes: uploadRoute({ purposes: [UploadPurpose.APPLICATION_DOCUMENT, UploadPurpose.QUALIFICATION_DOCUMENT] }),
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
          createAuditLogResolver(auditLog),
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

/**
 * The definition with development token settings, for tests, SDL printing and migration tooling;
 * `main.ts` builds its own from the configuration.
 */
export const dealersSubgraph: SubgraphDefinition<DealersLoaders> = createDealersSubgraph({
  jwtSecret: DEV_AUTH_JWT_SECRET,
  accessTtlSeconds: 3600,
  refreshTtlDays: 30,
});
