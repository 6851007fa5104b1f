import { useMutation, useQuery, useSubscription } from '@urql/vue';
import { computed, onBeforeUnmount, ref } from 'vue';
import {
  AcknowledgeDiversionAlertDocument,
  LiveDiversionDetectedDocument,
  LiveOrderStatusChangedDocument,
  LiveStockChangedDocument,
  OpenDiversionAlertsDocument,
} from '@/graphql/live';
import type { LiveStockChangedSubscription, OpenDiversionAlertsQuery } from '@/generated/graphql';

/** How many recent stock changes the dashboard keeps. */
export const RECENT_STOCK_CHANGES = 8;

export type LiveStockChange = LiveStockChangedSubscription['stockChanged'];
export type DiversionAlertItem = OpenDiversionAlertsQuery['diversionAlerts']['edges'][number]['node'];

/** Calls `fn` at most once per `ms`, trailing: a burst of events causes one refetch. */
function debounce(fn: () => void, ms: number): { run: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    run() {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    },
    cancel: () => clearTimeout(timer),
  };
}

/**
 * `stockChanged`: the latest stock changes, newest first (one row per stock level), and a
 * callback after each so dependent counts can refresh. `connected` is false until the first
 * event or while the subscription reports an error.
 */
export function useLiveStock(onChange?: () => void) {
  const changes = ref<LiveStockChange[]>([]);
  const refresh = debounce(() => onChange?.(), 300);
  const sub = useSubscription({ query: LiveStockChangedDocument }, (_prev, data) => {
    const level = data.stockChanged;
    changes.value = [level, ...changes.value.filter((c) => c.id !== level.id)].slice(0, RECENT_STOCK_CHANGES);
    refresh.run();
    return data;
  });
  onBeforeUnmount(refresh.cancel);
  return { changes, error: sub.error };
}

/** `orderStatusChanged`: runs `onChange` (debounced) whenever an order in the viewer's scope changes status. */
export function useLiveOrders(onChange: (order: { id: string; status: string; orderNumber: string }) => void) {
  const last = ref<{ id: string; status: string; orderNumber: string } | null>(null);
  const refresh = debounce(() => last.value && onChange(last.value), 250);
  const sub = useSubscription({ query: LiveOrderStatusChangedDocument }, (_prev, data) => {
    last.value = data.orderStatusChanged;
    refresh.run();
    return data;
  });
  onBeforeUnmount(refresh.cancel);
  return { last, error: sub.error };
}

/**
 * The alerts feed: open diversion alerts (query), with new ones prepended live
 * (`diversionDetected`), and acknowledge, which takes an alert off the open list.
 */
export function useAlertsFeed(first = 10) {
  const query = useQuery({ query: OpenDiversionAlertsDocument, variables: { first }, requestPolicy: 'cache-and-network' });
  const arrived = ref<DiversionAlertItem[]>([]);
  const acknowledged = ref(new Set<string>());
  useSubscription({ query: LiveDiversionDetectedDocument }, (_prev, data) => {
    const alert = data.diversionDetected;
    arrived.value = [alert, ...arrived.value.filter((a) => a.id !== alert.id)].slice(0, first);
    return data;
  });
  const alerts = computed(() => {
    const loaded = query.data.value?.diversionAlerts.edges.map((e) => e.node) ?? [];
    const ids = new Set(arrived.value.map((a) => a.id));
    return [...arrived.value, ...loaded.filter((a) => !ids.has(a.id))].filter((a) => !acknowledged.value.has(a.id)).slice(0, first);
  });
  const ack = useMutation(AcknowledgeDiversionAlertDocument);
  const ackError = ref<string | null>(null);
  async function acknowledge(id: string): Promise<void> {
    ackError.value = null;
    const result = await ack.executeMutation({ id });
    if (result.error) {
      ackError.value = String(result.error.graphQLErrors[0]?.extensions?.code ?? 'NETWORK');
      return;
    }
    acknowledged.value = new Set([...acknowledged.value, id]);
  }
  return {
    alerts,
    loaded: computed(() => query.data.value !== undefined),
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
    acknowledge,
    acknowledging: ack.fetching,
    ackError,
  };
}
