import type { RequestContext } from '@dnp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { DiversionAlert } from './entities/diversion-alert.entity.js';
import type { Region } from './entities/region.entity.js';
import type { SerialCode } from './entities/serial-code.entity.js';
import type { TraceEvent } from './entities/trace-event.entity.js';

// Types only: services and resolvers import the context from here, never the loader module (which
// uses services), so no import cycle can form.

/** The traceability subgraph's request-scoped loaders. */
export interface TraceabilityLoaders {
  codeByCode: DataLoader<string, SerialCode | null>;
  codesByParent: DataLoader<string, SerialCode[]>;
  eventsByCode: DataLoader<string, TraceEvent[]>;
  eventById: DataLoader<string, TraceEvent | null>;
  alertById: DataLoader<string, DiversionAlert | null>;
  regionById: DataLoader<string, Region | null>;
  /** ITEM-level codes per product within the viewer's scope; one grouped count per batch. */
  itemCountByProduct: DataLoader<string, number>;
}
/** What every traceability resolver and service receives: the request context with the loaders above. */
export type TraceabilityContext = RequestContext<TraceabilityLoaders>;
