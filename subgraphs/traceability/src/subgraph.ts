import {
  AUDIT_ENTITIES,
  AUDIT_RESOLVERS,
  buildFederatedSchema,
  exportJobResolver,
  exportRoute,
  type SubgraphDefinition,
} from '@dnp/subgraph-kit';
import { CodeBatch } from './entities/code-batch.entity.js';
import { DiversionAlert } from './entities/diversion-alert.entity.js';
import { Region } from './entities/region.entity.js';
import { SerialCode } from './entities/serial-code.entity.js';
import { TraceEvent } from './entities/trace-event.entity.js';
import { migrations } from './migrations/index.js';
import { CodeBatchResolver } from './resolvers/code-batch.resolver.js';
import { DiversionAlertResolver } from './resolvers/diversion-alert.resolver.js';
import { ProductRefResolver, ShipmentRefResolver } from './resolvers/refs.resolver.js';
import { SerialCodeResolver } from './resolvers/serial-code.resolver.js';
import { TraceEventResolver } from './resolvers/trace-event.resolver.js';
import { ref } from './schema/refs.type.js';
import { isSeeded, seedDemo } from './seed/demo.seed.js';
import { DiversionAlertService } from './services/diversion-alert.service.js';
import { SerialCodeService } from './services/serial-code.service.js';
import type { TraceabilityContext, TraceabilityLoaders } from './traceability-context.js';
import { createTraceabilityLoaders } from './traceability.loader.js';
import { SellThroughDay } from './entities/sell-through-day.entity.js';
import { SellThroughResolver } from './resolvers/sell-through.resolver.js';
import { traceabilityExports } from './services/traceability-exports.js';

const codes = new SerialCodeService();
const alerts = new DiversionAlertService();
const stub = (r: Record<string, unknown>) => ref(r.id as string);

/** The traceability subgraph: owns SerialCode, TraceEvent and DiversionAlert; adds Product.serialCodeCount. */
export const traceabilitySubgraph: SubgraphDefinition<TraceabilityLoaders> = {
  name: 'traceability',
  entities: [SerialCode, TraceEvent, DiversionAlert, Region, CodeBatch, ...AUDIT_ENTITIES, SellThroughDay],
  migrations,
  createLoaders: createTraceabilityLoaders,
  seed: seedDemo,
  isSeeded,
  // GET /exports/:id and the export runner (kit export job) for the sell-through report.
  routes: exportRoute(traceabilityExports),
  buildSchema: () =>
    buildFederatedSchema<TraceabilityContext>({
      resolvers: [
        SerialCodeResolver,
        TraceEventResolver,
        DiversionAlertResolver,
        ProductRefResolver,
        ShipmentRefResolver,
        CodeBatchResolver,
        ...AUDIT_RESOLVERS,
        SellThroughResolver,
        exportJobResolver(traceabilityExports, {
          start: 'startTraceabilityReportExport',
          job: 'traceabilityExportJob',
        }),
      ],
      referenceResolvers: {
        // References are scoped like direct reads: an out-of-scope code or alert resolves to null.
        SerialCode: (r, ctx) => codes.visible(ctx, r.code as string),
        DiversionAlert: (r, ctx) => alerts.visible(ctx, r.id as string),
        Product: stub,
        Dealer: stub,
        Region: stub,
        User: stub,
        Warehouse: stub,
        // Anyone may hold a shipment's key; its serialCodes are scoped per code.
        Shipment: stub,
      },
    }),
};
