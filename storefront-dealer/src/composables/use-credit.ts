import { useQuery, useSubscription } from '@urql/vue';
import { computed, ref } from 'vue';
import { CreditAlertLiveSubscription, MyCreditAccountQuery } from '@/graphql/credit';

/** The signed-in dealer's own credit line (null when it has none). */
export function useMyCreditAccount() {
  const q = useQuery({ query: MyCreditAccountQuery });
  return {
    account: computed(() => q.data.value?.myCreditAccount ?? null),
    fetching: q.fetching,
    error: q.error,
    loaded: computed(() => q.data.value !== undefined),
    refetch: () => q.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** `creditAlertRaised` for the signed-in dealer: the header shows the newest until dismissed (state per mount). */
export function useLiveCreditAlert() {
  const latestCreditAlert = ref<{ id: string; percent: number; threshold: number } | null>(null);
  useSubscription({ query: CreditAlertLiveSubscription }, (_prev, data) => {
    const a = data.creditAlertRaised;
    latestCreditAlert.value = {
      id: a.id,
      percent: Math.round(a.utilizationPpm / 10_000),
      threshold: a.thresholdPercent,
    };
    return data;
  });
  return { latest: computed(() => latestCreditAlert.value), dismiss: () => (latestCreditAlert.value = null) };
}
