import { groupLoader, keyLoader } from '@dnp/subgraph-kit';
import DataLoader from 'dataloader';
import { DiversionAlert } from './entities/diversion-alert.entity.js';
import { Region } from './entities/region.entity.js';
import { CodeLevel, SerialCode } from './entities/serial-code.entity.js';
import { TraceEvent } from './entities/trace-event.entity.js';
import { codeScope, scopeWhere } from './services/scope.service.js';
import type { TraceabilityContext, TraceabilityLoaders } from './traceability-context.js';

/** Creates fresh loaders for one request. */
export function createTraceabilityLoaders(ctx: TraceabilityContext): TraceabilityLoaders {
  return {
    codeByCode: keyLoader(ctx.em, SerialCode, 'code'),
    codesByParent: groupLoader(ctx.em, SerialCode, 'parentCode', {}, { code: 'asc' }),
    eventsByCode: groupLoader(ctx.em, TraceEvent, 'code', {}, { at: 'asc', id: 'asc' }),
    eventById: keyLoader(ctx.em, TraceEvent, 'id'),
    alertById: keyLoader(ctx.em, DiversionAlert, 'id'),
    regionById: keyLoader(ctx.em, Region, 'id'),
    itemCountByProduct: new DataLoader<string, number>(
      async (productIds) => {
        const where = scopeWhere(codeScope(ctx.viewer));
        if (!where) return productIds.map(() => 0);
        const counts = await ctx.em.countBy(SerialCode, 'productId', {
          where: { ...(where as object), level: CodeLevel.ITEM, productId: { $in: [...productIds] } },
        });
        return productIds.map((id) => counts[id] ?? 0);
      },
      { maxBatchSize: 1000 },
    ),
  };
}
