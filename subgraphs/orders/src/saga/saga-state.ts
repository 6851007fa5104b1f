import type { OrderEvent } from '../entities/order-event.entity.js';
import type { OrderLine } from '../entities/order-line.entity.js';
import type { SagaStep } from '../entities/order-saga.entity.js';
import type { Order, OrderStatus } from '../entities/order.entity.js';
import type { ShipmentLine } from '../entities/shipment-line.entity.js';
import type { Shipment } from '../entities/shipment.entity.js';
import type { SagaPayload } from './saga-payload.js';
import type { DealerInfo } from './saga-services.js';

/** Tunables of the saga (from config.ts). */
export interface SagaSettings {
  /** Orders with a total at or above this (minor units) end PENDING_REVIEW. */
  reviewThresholdMinor: number;
  /** How long one step retries transport failures, in ms. */
  stepTimeoutMs: number;
  /** Sagas unfinished this long after they started are compensated, in seconds. */
  deadlineSeconds: number;
  /** How long a process owns a saga after each write, in ms (the resumer waits for it). */
  leaseMs: number;
  /** TEST-ONLY: exit right after persisting this step (SAGA_FAULT_AFTER_STEP). */
  faultAfterStep?: string;
}

/** A status move of the order written with a durable step, guarded on the order still PLACING. */
export interface OrderMove {
  to: OrderStatus;
  /** Columns written with the move (the pending order patch joins them). */
  columns: Partial<Order>;
  /**
   * True when the order must move (else another run owns it: SagaLostError); false when a moved
   * order stays as it is.
   */
  mustMove: boolean;
  /** Time of the status event. */
  at?: Date;
}

/** Rows a step inserts (plain data: no entity instances to build on the hot path). */
export interface StepRows {
  lines?: OrderLine[];
  shipments?: Shipment[];
  shipmentLines?: ShipmentLine[];
}

/** What a step writes besides the saga row: rows to insert and the order's status move. */
export interface StepWrites {
  rows?: StepRows;
  move?: OrderMove;
}

/** One run's view of a placement saga: the stored row plus what waits for the next durable write. */
export interface SagaState {
  orderId: string;
  step: SagaStep;
  payload: SagaPayload;
  deadlineAt: Date;
  /** Milliseconds spent per remote call and per persisted step in this run (debug log). */
  timings: Record<string, number>;
  prefetchedDealer?: DealerInfo | null;
  /** The seller (the dealer's parent) as placement read it; absent: ELIGIBLE reads it. */
  prefetchedSeller?: DealerInfo | null;
  /** The step stored in the saga row (what the next durable write is guarded on). */
  storedStep: SagaStep;
  /** Order lines of a volatile step (PRICED), inserted with the next durable step in its transaction. */
  lines: OrderLine[];
  /** Timeline rows waiting for the next durable write (one insert for all of them). */
  events: OrderEvent[];
  /** True when this run started from a stored row (the resumer): earlier runs' effects are unknown. */
  resumed: boolean;
  /** Order columns to write with the next durable step (prices and totals once priced). */
  orderPatch?: Partial<Order>;
  /** Order columns written so far by this run. */
  written: Partial<Order>;
  /**
   * Time of the latest timeline row written (ms): later rows get a later time, so the timeline keeps
   * their order.
   */
  lastEventAt: number;
}
