import { useMutation, useQuery, useSubscription } from '@urql/vue';
import { computed, onBeforeUnmount, ref } from 'vue';
import {
  AcknowledgeCreditAlertDocument,
  AcknowledgeDiversionAlertDocument,
  AcknowledgeInventoryAlertDocument,
  AcknowledgeOrderAlertDocument,
  LiveCreditAlertDocument,
  LiveDiversionDetectedDocument,
  LiveInventoryAlertDocument,
  LiveOrderAlertDocument,
  LiveOrderStatusChangedDocument,
  LiveStockChangedDocument,
  OpenAlertsDocument,
} from '@/graphql/live';
import type {
  LiveCreditAlertFragment,
  LiveDiversionAlertFragment,
  LiveInventoryAlertFragment,
  LiveOrderAlertFragment,
  LiveStockChangedSubscription,
} from '@/generated/graphql';

/** How many recent stock changes the dashboard keeps. */
export const RECENT_STOCK_CHANGES = 8;

export type LiveStockChange = LiveStockChangedSubscription['stockChanged'];

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

/** One entry of the alerts feed, whichever subgraph raised it. */
export type FeedAlert =
  | { kind: 'INVENTORY'; id: string; at: string; alert: LiveInventoryAlertFragment }
  | { kind: 'CREDIT'; id: string; at: string; alert: LiveCreditAlertFragment }
  | { kind: 'ORDER'; id: string; at: string; alert: LiveOrderAlertFragment }
  | { kind: 'DIVERSION'; id: string; at: string; alert: LiveDiversionAlertFragment };

const inventory = (a: LiveInventoryAlertFragment): FeedAlert => ({
  kind: 'INVENTORY',
  id: a.id,
  at: a.raisedAt,
  alert: a,
});
const credit = (a: LiveCreditAlertFragment): FeedAlert => ({ kind: 'CREDIT', id: a.id, at: a.raisedAt, alert: a });
const order = (a: LiveOrderAlertFragment): FeedAlert => ({ kind: 'ORDER', id: a.id, at: a.raisedAt, alert: a });
const diversion = (a: LiveDiversionAlertFragment): FeedAlert => ({
  kind: 'DIVERSION',
  id: a.id,
  at: a.detectedAt,
  alert: a,
});

/**
 * The alerts feed: unacknowledged inventory, credit, review-overdue and diversion alerts (one
 * query), newest first, with new ones prepended live from the four alert subscriptions; an
 * acknowledged alert leaves the list.
 */
export function useAlertsFeed(first = 10) {
  const query = useQuery({ query: OpenAlertsDocument, variables: { first }, requestPolicy: 'cache-and-network' });
  const arrived = ref<FeedAlert[]>([]);
  const acknowledged = ref(new Set<string>());
  const add = (a: FeedAlert) => {
    arrived.value = [a, ...arrived.value.filter((x) => x.id !== a.id)].slice(0, first);
  };
  useSubscription({ query: LiveInventoryAlertDocument }, (_p, d) => (add(inventory(d.inventoryAlertRaised)), d));
  useSubscription({ query: LiveCreditAlertDocument }, (_p, d) => (add(credit(d.creditAlertRaised)), d));
  useSubscription({ query: LiveOrderAlertDocument }, (_p, d) => (add(order(d.orderAlertRaised)), d));
  useSubscription({ query: LiveDiversionDetectedDocument }, (_p, d) => (add(diversion(d.diversionDetected)), d));
  const alerts = computed(() => {
    const d = query.data.value;
    const loaded: FeedAlert[] = [
      ...(d?.inventoryAlerts.edges.map((e) => inventory(e.node)) ?? []),
      ...(d?.creditAlerts.edges.map((e) => credit(e.node)) ?? []),
      ...(d?.orderAlerts.edges.map((e) => order(e.node)) ?? []),
      ...(d?.diversionAlerts.edges.map((e) => diversion(e.node)) ?? []),
    ];
    const ids = new Set(arrived.value.map((a) => a.id));
    return [...arrived.value, ...loaded.filter((a) => !ids.has(a.id)).sort((a, b) => b.at.localeCompare(a.at))]
      .filter((a) => !acknowledged.value.has(a.id))
      .slice(0, first);
  });
  const mutations = {
    INVENTORY: useMutation(AcknowledgeInventoryAlertDocument),
    CREDIT: useMutation(AcknowledgeCreditAlertDocument),
    ORDER: useMutation(AcknowledgeOrderAlertDocument),
    DIVERSION: useMutation(AcknowledgeDiversionAlertDocument),
  };
  const ackError = ref<string | null>(null);
  const acknowledging = ref<string | null>(null);
  async function acknowledge(a: FeedAlert): Promise<void> {
    ackError.value = null;
    acknowledging.value = a.id;
    const result = await mutations[a.kind].executeMutation({ id: a.id });
    acknowledging.value = null;
    if (result.error) {
      ackError.value = String(result.error.graphQLErrors[0]?.extensions?.code ?? 'NETWORK');
      return;
    }
    acknowledged.value = new Set([...acknowledged.value, a.id]);
  }
  return {
    alerts,
    loaded: computed(() => query.data.value !== undefined),
    // Lists the viewer may not read (e.g. diversion alerts for dealers) come back as partial errors; the
    // rest still shows.
    error: computed(() => (query.data.value ? null : query.error.value)),
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
    acknowledge,
    acknowledging,
    ackError,
  };
}
