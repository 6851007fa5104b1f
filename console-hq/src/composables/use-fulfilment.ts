import { useMutation, useQuery, useSubscription } from '@urql/vue';
import { computed, ref, watch, type Ref } from 'vue';
import {
  LiveShipmentStatusChangedDocument,
  ShipmentDetailDocument,
  ShipShipmentDocument,
  WarehouseQueueDocument,
} from '@/graphql/fulfilment';
import type { ShipShipmentInput } from '@/generated/graphql';
import { pagedConnection, useCursorStack, type PayloadError } from '@/lib/cursor-stack';
import { payloadResult, type MutationOutcome } from '@/lib/mutation-outcome';

export const QUEUE_PAGE_SIZE = 25;

/** A queue row as the page shows it: the columns computed from the shipment. */
export interface QueueRow {
  id: string;
  number: string;
  orderNumber: string;
  placedAt: string;
  consignee: string | null;
  units: number;
  earliestExpiry: string | null;
}

/**
 * `warehouseQueue` of one warehouse (FIFO, paginated). Rows another operator ships leave at once
 * (`gone`, filled by `useLiveWarehouse`) before the refetch confirms it.
 */
export function useWarehouseQueue(warehouseId: Ref<string | null>) {
  const cursors = useCursorStack(QUEUE_PAGE_SIZE);
  const gone = ref(new Set<string>());
  watch(warehouseId, () => {
    cursors.reset();
    gone.value = new Set();
  });
  const variables = computed(() => ({
    warehouseId: warehouseId.value ?? '',
    first: QUEUE_PAGE_SIZE,
    after: cursors.after.value,
  }));
  const query = useQuery({
    query: WarehouseQueueDocument,
    variables,
    pause: computed(() => !warehouseId.value),
    requestPolicy: 'cache-and-network',
  });
  const paged = pagedConnection(
    cursors,
    computed(() => query.data.value?.warehouseQueue),
    query,
  );
  const rows = computed<QueueRow[]>(() =>
    paged.rows.value
      .filter((s) => !gone.value.has(s.id))
      .map((s) => ({
        id: s.id,
        number: s.number,
        orderNumber: s.order.orderNumber,
        placedAt: s.order.placedAt,
        consignee: s.consignee.name ?? null,
        units: s.lines.reduce((n, l) => n + l.quantity, 0),
        earliestExpiry:
          s.pickList
            .map((p) => p.expiresAt)
            .filter((e): e is string => !!e)
            .sort()[0] ?? null,
      })),
  );
  return { ...paged, rows, remove: (id: string) => (gone.value = new Set([...gone.value, id])) };
}

/** A shipment of the watched warehouse that left PICKING: who shipped it, for the notice. */
export interface ShippedElsewhere {
  id: string;
  number: string;
  status: string;
  shippedByName: string | null;
}

/** `shipmentStatusChanged(warehouseId)`: calls `onChange` for every shipment of the warehouse that changes. */
export function useLiveWarehouse(warehouseId: Ref<string | null>, onChange: (s: ShippedElsewhere) => void) {
  const last = ref<ShippedElsewhere | null>(null);
  const sub = useSubscription(
    {
      query: LiveShipmentStatusChangedDocument,
      variables: computed(() => ({ warehouseId: warehouseId.value })),
      pause: computed(() => !warehouseId.value),
    },
    (_prev, data) => {
      const s = data.shipmentStatusChanged;
      if (s.status !== 'PICKING') {
        last.value = { id: s.id, number: s.number, status: s.status, shippedByName: s.shippedByName ?? null };
        onChange(last.value);
      }
      return data;
    },
  );
  return { last, error: sub.error };
}

/** One shipment with pick list and lines (ship form, packing slip). */
export function useShipmentDetail(id: Ref<string>) {
  const query = useQuery({
    query: ShipmentDetailDocument,
    variables: computed(() => ({ id: id.value })),
    requestPolicy: 'cache-and-network',
  });
  const notFound = computed(
    () => query.error.value?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND') ?? false,
  );
  return {
    shipment: computed(() => query.data.value?.shipment ?? null),
    notFound,
    fetching: query.fetching,
    error: computed(() => (notFound.value ? null : query.error.value)),
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** `shipShipment`: refusals come back by code and field (`lines[0].quantity`, `serialCodes[3]`…). */
export function useShipShipment() {
  const mutation = useMutation(ShipShipmentDocument);
  async function ship(input: ShipShipmentInput): Promise<MutationOutcome & { remainder: string | null }> {
    const result = await mutation.executeMutation({ input }, { additionalTypenames: ['Shipment'] });
    const payload = result.data?.shipShipment;
    const outcome = payloadResult(result.error, payload ? { errors: payload.errors } : null);
    return { ...outcome, ok: outcome.ok && !!payload?.shipment, remainder: payload?.remainder?.number ?? null };
  }
  return { ship, busy: mutation.fetching };
}

export type { PayloadError };
