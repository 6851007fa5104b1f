import { useQuery } from '@urql/vue';
import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import type { StoreCartQuoteQuery } from '@/generated/graphql';
import { ActivePromotionsQuery, CartQuoteQuery, MyRegionPathQuery } from '@/graphql/pricing';
import { urqlClient } from '@/lib/urql-client';

export type CartQuote = StoreCartQuoteQuery['quote'];
export const QUOTE_DEBOUNCE_MS = 300;

/** Promotions running now for the dealer (home banners). */
export function useActivePromotions() {
  const q = useQuery({ query: ActivePromotionsQuery });
  return {
    promotions: computed(() => q.data.value?.activePromotions ?? []),
    loaded: computed(() => q.data.value !== undefined),
    error: q.error,
    refetch: () => q.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/**
 * A live server quote for the cart lines: re-asked ~300 ms after the last change, answers of
 * superseded requests dropped. Nothing is priced on the client. `quotedSignature` names the lines
 * the shown quote is for (equal to the current lines' signature once it is up to date). With a
 * `sellerDealerId` (a sub-dealer's parent) the lines are priced from that seller's list for it. With a
 * `rebateAmount` (a decimal the caller checked) the quote's rebate block says how much of it applies.
 */
export function useQuote(
  lines: Ref<{ productId: string; quantity: number }[]>,
  sellerDealerId: Ref<string | null> = ref(null),
  rebateAmount: Ref<string | null> = ref(null),
) {
  const quote = shallowRef<CartQuote | null>(null);
  const quotedSignature = ref<string | null>(null);
  const loading = ref(false);
  /** An error code (PRICE_NOT_FOUND, …) or NETWORK / UNKNOWN. */
  const error = ref<string | null>(null);
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const signature = computed(() => JSON.stringify([lines.value, sellerDealerId.value, rebateAmount.value]));

  async function run(): Promise<void> {
    const mine = ++seq;
    const input = lines.value.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    const sig = signature.value;
    if (input.length === 0) {
      quote.value = null;
      quotedSignature.value = sig;
      loading.value = false;
      error.value = null;
      return;
    }
    loading.value = true;
    const result = await urqlClient.value
      .query(
        CartQuoteQuery,
        { input: { lines: input, sellerDealerId: sellerDealerId.value, rebateAmount: rebateAmount.value } },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    if (mine !== seq) return;
    loading.value = false;
    if (result.data?.quote) {
      quote.value = result.data.quote;
      quotedSignature.value = sig;
      error.value = null;
    } else {
      const code = result.error?.graphQLErrors[0]?.extensions?.code;
      error.value = typeof code === 'string' ? code : result.error?.networkError ? 'NETWORK' : 'UNKNOWN';
    }
  }

  function schedule(immediate = false): void {
    clearTimeout(timer);
    loading.value = true;
    if (immediate) void run();
    else timer = setTimeout(() => void run(), QUOTE_DEBOUNCE_MS);
  }

  watch(signature, () => schedule());
  schedule(true);
  onBeforeUnmount(() => clearTimeout(timer));

  return {
    quote,
    loading,
    error,
    /** True while the quote shown is not for the current lines. */
    stale: computed(() => quotedSignature.value !== signature.value),
    quotedSignature,
    retry: () => schedule(true),
  };
}

/** Ids of the dealer's region and every region above it. */
export function useMyRegionPath() {
  const q = useQuery({ query: MyRegionPathQuery, requestPolicy: 'cache-first' });
  return computed<Set<string> | null>(() => {
    const d = q.data.value;
    if (!d) return null;
    const ids = new Set<string>();
    type R = { id: string; parent?: R | null } | null | undefined;
    for (let r: R = d.me?.dealer?.region as R; r; r = r.parent) ids.add(r.id);
    return ids;
  });
}
