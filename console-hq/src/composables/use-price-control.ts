import { useMutation, useQuery, useSubscription } from '@urql/vue';
import { computed, onBeforeUnmount, type Ref } from 'vue';
import {
  AcknowledgePriceViolationDocument,
  LivePriceViolationRaisedDocument,
  MinimumResalePricesDocument,
  PriceViolationsDocument,
  PriceViolationSummaryDocument,
  RemoveMinimumResalePriceDocument,
  ResolvePriceViolationDocument,
  SetMinimumResalePriceDocument,
} from '@/graphql/price-control';
import type { MinimumResalePriceFilter, MinimumResalePriceInput, PriceViolationFilter } from '@/generated/graphql';
import { pagedConnection, type PayloadError } from '@/lib/cursor-stack';
import { errorsOf, filteredPage } from '@/composables/use-rebates';
import { businessTimeZone } from '@dnp/web-kit';

/** Wall-clock milliseconds the brand's zone shows at the instant `ms` (as if that wall time were UTC). */
function wallMs(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: businessTimeZone(),
    hourCycle: 'h23',
    ...{ year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' },
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}

/**
 * The UTC instant a business day (`YYYY-MM-DD`, the brand's time zone) starts, ISO; `plusDays` moves
 * to a later day (the exclusive end of a "to" date). Null for anything but a date.
 */
export function businessDayStart(day: string, plusDays = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays);
  // Twice: the zone's offset at the first guess may differ from the offset at the day's start (DST).
  let at = wall - (wallMs(wall) - wall);
  at = wall - (wallMs(at) - at);
  return new Date(at).toISOString();
}

/** `minimumResalePrices` narrowed by product and region, with forward cursors. */
export function useMinimumResalePrices(filter: Ref<MinimumResalePriceFilter>) {
  const { cursors, variables } = filteredPage(filter);
  const query = useQuery({ query: MinimumResalePricesDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.minimumResalePrices),
    query,
  );
}

/** setMinimumResalePrice / removeMinimumResalePrice, each answering the payload's coded errors. */
export function useMinimumResalePriceMutations() {
  const set = useMutation(SetMinimumResalePriceDocument);
  const remove = useMutation(RemoveMinimumResalePriceDocument);
  const typenames = { additionalTypenames: ['MinimumResalePrice'] };
  return {
    busy: computed(() => set.fetching.value || remove.fetching.value),
    async set(input: MinimumResalePriceInput): Promise<PayloadError[]> {
      const result = await set.executeMutation({ input }, typenames);
      return result.error ? errorsOf(result.error) : (result.data?.setMinimumResalePrice.errors ?? []);
    },
    async remove(productId: string, regionId: string): Promise<PayloadError[]> {
      const result = await remove.executeMutation({ productId, regionId }, typenames);
      return result.error ? errorsOf(result.error) : (result.data?.removeMinimumResalePrice.errors ?? []);
    },
  };
}

/**
 * `priceViolations` narrowed by the filter, with forward cursors; refreshed (debounced) whenever the
 * gateway's feed raises a new violation, so the page stays current while someone watches it.
 */
export function usePriceViolations(filter: Ref<PriceViolationFilter>) {
  const { cursors, variables } = filteredPage(filter);
  const query = useQuery({ query: PriceViolationsDocument, variables, requestPolicy: 'cache-and-network' });
  const page = pagedConnection(
    cursors,
    computed(() => query.data.value?.priceViolations),
    query,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  useSubscription({ query: LivePriceViolationRaisedDocument }, (_prev, data) => {
    clearTimeout(timer);
    timer = setTimeout(() => void page.refetch(), 300);
    return data;
  });
  onBeforeUnmount(() => clearTimeout(timer));
  return page;
}

/** `priceViolationSummary` by region and by dealer over the region and dates of the list's filter. */
export function usePriceViolationSummary(filter: Ref<PriceViolationFilter>) {
  const query = useQuery({
    query: PriceViolationSummaryDocument,
    variables: computed(() => ({
      regionId: filter.value.regionId ?? null,
      from: filter.value.from ?? null,
      to: filter.value.to ?? null,
    })),
    requestPolicy: 'cache-and-network',
  });
  return {
    byRegion: computed(() => query.data.value?.byRegion ?? []),
    byDealer: computed(() => query.data.value?.byDealer ?? []),
    loaded: computed(() => query.data.value !== undefined),
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** acknowledge / resolve a violation; a refusal comes back as the GraphQL error's code. */
export function usePriceViolationMutations() {
  const acknowledge = useMutation(AcknowledgePriceViolationDocument);
  const resolve = useMutation(ResolvePriceViolationDocument);
  const typenames = { additionalTypenames: ['PriceViolation'] };
  return {
    busy: computed(() => acknowledge.fetching.value || resolve.fetching.value),
    acknowledge: async (id: string) => errorsOf((await acknowledge.executeMutation({ id }, typenames)).error),
    resolve: async (id: string) => errorsOf((await resolve.executeMutation({ id }, typenames)).error),
  };
}
