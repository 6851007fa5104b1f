import { useQuery, useSubscription } from '@urql/vue';
import { computed, onScopeDispose, ref } from 'vue';
import type { StorePaymentListFieldsFragment } from '@/generated/graphql';
import { AccountQuery, AccountShipmentLiveSubscription, PaymentRecordedLiveSubscription } from '@/graphql/finance';
import type { Money } from '@/lib/money';
import { ownDealerId } from './use-finance';
import { useOrderUpdates } from './use-orders';

/** Payments listed as recent on the account page. */
const RECENT_PAYMENTS = 5;
/**
 * Re-reads after a shipment or order event, besides the one at once. The event is published with the
 * shipment's move, before its fulfilment task has invoiced it and released the order's rest: the task
 * runs inline right after (the first re-read), or after the orders subgraph's inline timeout (5 s) by
 * its resumer (the second).
 */
const SETTLE_REREADS_MS = [1_500, 8_000] as const;

/**
 * The signed-in dealer's account: the credit line's figures as finance keeps them (limit, used, held,
 * balance, open receivables, overdue, available), the ordering block, and recent payments. Live: each
 * `paymentRecorded` reloads the figures and leaves a notice with the payment and the available credit
 * after it; the dealer's shipments and orders changing status (an invoice issued, a hold taken or
 * released) reload them too.
 */
export function useAccount() {
  const q = useQuery({
    query: AccountQuery,
    variables: computed(() => ({ dealerId: ownDealerId(), payments: RECENT_PAYMENTS })),
    requestPolicy: 'cache-and-network',
  });
  const reload = () => q.executeQuery({ requestPolicy: 'network-only' });
  const account = computed(() => q.data.value?.myCreditAccount ?? null);

  // The notice waits for the reload so that it quotes the available credit after the payment.
  const pendingPayment = ref<StorePaymentListFieldsFragment | null>(null);
  const livePayment = ref<{ amount: Money; available: Money } | null>(null);
  useSubscription({ query: PaymentRecordedLiveSubscription }, (_prev, data) => {
    pendingPayment.value = data.paymentRecorded;
    void reload().then(() => {
      const p = pendingPayment.value;
      if (p && account.value) livePayment.value = { amount: p.amount, available: account.value.available };
    });
    return data;
  });

  const timers = new Set<ReturnType<typeof setTimeout>>();
  onScopeDispose(() => timers.forEach(clearTimeout));
  function reloadAsSettled(): void {
    void reload();
    timers.forEach(clearTimeout);
    timers.clear();
    for (const ms of SETTLE_REREADS_MS) timers.add(setTimeout(() => void reload(), ms));
  }
  useSubscription(
    { query: AccountShipmentLiveSubscription, variables: computed(() => ({ dealerId: ownDealerId() || null })) },
    (_prev, data) => {
      reloadAsSettled();
      return data;
    },
  );
  useOrderUpdates(reloadAsSettled);

  return {
    account,
    loaded: computed(() => q.data.value !== undefined),
    fetching: q.fetching,
    error: q.error,
    overdueCount: computed(() => q.data.value?.overdueInvoices.totalCount ?? 0),
    // Finance's own rule (OVERDUE_BLOCK_DAYS); null when the brand runs without it.
    blocked: computed(() => account.value?.orderingBlock?.blocked ?? false),
    recentPayments: computed(() => q.data.value?.payments.edges.map((e) => e.node) ?? []),
    livePayment: computed(() => livePayment.value),
    dismissLive: () => (livePayment.value = null),
    refetch: reload,
  };
}
