import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import { dataScopeOf, type DataScope } from './data-scope.js';
import { isDealerRole, Role, type Viewer } from './viewer.js';

/**
 * Everything one request carries: who asks, a fresh EntityManager (its own identity map), the
 * request's dataloaders and a child logger. Services take it as their first argument.
 */
export class RequestContext<L extends object = Record<string, unknown>> {
  /** Loaders are created lazily from the factory, after `em` exists. */
  readonly loaders: L;

  constructor(
    readonly viewer: Viewer | null,
    readonly em: EntityManager,
    readonly log: Logger,
    readonly requestId: string,
    loaderFactory: (ctx: RequestContext<L>) => L,
  ) {
    this.loaders = loaderFactory(this);
  }

  /** The viewer, or UNAUTHENTICATED. */
  requireViewer(): Viewer {
    if (!this.viewer) throw new UnauthenticatedError();
    return this.viewer;
  }

  /** The viewer if it holds one of `roles`, else FORBIDDEN. */
  requireRole(...roles: Role[]): Viewer {
    const viewer = this.requireViewer();
    if (!roles.includes(viewer.role)) throw new ForbiddenError();
    return viewer;
  }

  /** The dealer a dealer user acts for, or FORBIDDEN for other roles. */
  requireDealerId(): string {
    const viewer = this.requireViewer();
    if (!isDealerRole(viewer.role) || !viewer.dealerId) throw new ForbiddenError('Only dealer users can do this');
    return viewer.dealerId;
  }

  private dataScope?: DataScope;

  /** The viewer's data scope, computed once per request (see DataScope). */
  get scope(): DataScope {
    return (this.dataScope ??= dataScopeOf(this.viewer));
  }

  get isHq(): boolean {
    return this.viewer?.role === Role.HQ_ADMIN || this.viewer?.role === Role.SERVICE;
  }
}
