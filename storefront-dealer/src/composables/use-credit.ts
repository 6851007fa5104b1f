import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { MyCreditAccountQuery } from '@/graphql/credit';

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
