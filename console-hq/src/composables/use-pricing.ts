import { useClientHandle, useMutation, useQuery } from '@urql/vue';
import { computed, ref, watch, type Ref } from 'vue';
import {
  CreatePriceListDocument,
  CreatePromotionDocument,
  PreviewQuoteDocument,
  PriceListDetailDocument,
  PriceListsDocument,
  PricingReferenceDocument,
  ProductLookupDocument,
  PromotionDetailDocument,
  PromotionsDocument,
  SetPriceListEntriesDocument,
  SetPromotionActiveDocument,
  UpdatePriceListDocument,
  UpdatePromotionDocument,
} from '@/graphql/pricing';
import type {
  DealerGrade,
  PreviewQuoteQuery,
  PriceListEntryInput,
  PriceListFilter,
  PriceListInput,
  PromotionFilter,
  PromotionInput,
  QuoteLineInput,
} from '@/generated/graphql';
import { pagedConnection, useCursorStack, type PayloadError } from '@/lib/cursor-stack';
import type { CombinedError } from '@urql/core';

export const PRICING_PAGE_SIZE = 20;

function errorOf(error: CombinedError): PayloadError[] {
  const e = error.graphQLErrors[0];
  return [{ code: String(e?.extensions?.code ?? 'NETWORK'), message: e?.message ?? error.message, field: null }];
}

/** `priceLists` with filters (active, grade, region) and forward cursors. */
export function usePriceLists(filter: Ref<PriceListFilter>) {
  const cursors = useCursorStack(PRICING_PAGE_SIZE);
  watch(filter, () => cursors.reset(), { deep: true });
  const variables = computed(() => ({ first: PRICING_PAGE_SIZE, after: cursors.after.value, filter: filter.value }));
  const query = useQuery({ query: PriceListsDocument, variables });
  const connection = computed(() => query.data.value?.priceLists);
  return pagedConnection(cursors, connection, query);
}

/** One price list with a page of its entries. */
export function usePriceList(id: Ref<string | null>) {
  const cursors = useCursorStack(PRICING_PAGE_SIZE);
  watch(id, () => cursors.reset());
  const variables = computed(() => ({ id: id.value ?? '', first: PRICING_PAGE_SIZE, after: cursors.after.value }));
  const query = useQuery({
    query: PriceListDetailDocument,
    variables,
    pause: computed(() => !id.value),
    requestPolicy: 'cache-and-network',
  });
  const list = computed(() => query.data.value?.priceList ?? null);
  const entries = computed(() => list.value?.entries);
  const page = pagedConnection(cursors, entries, query);
  return { ...page, list, entryRows: page.rows, entryTotal: page.totalCount };
}

/** createPriceList / updatePriceList / setPriceListEntries, each returning its payload errors. */
export function usePriceListMutations() {
  const create = useMutation(CreatePriceListDocument);
  const update = useMutation(UpdatePriceListDocument);
  const setEntries = useMutation(SetPriceListEntriesDocument);
  return {
    busy: computed(() => create.fetching.value || update.fetching.value || setEntries.fetching.value),
    async save(id: string | null, input: PriceListInput): Promise<{ id: string | null; errors: PayloadError[] }> {
      const result = id ? await update.executeMutation({ id, input }) : await create.executeMutation({ input });
      if (result.error) return { id: null, errors: errorOf(result.error) };
      const payload =
        result.data && ('updatePriceList' in result.data ? result.data.updatePriceList : result.data.createPriceList);
      return { id: payload?.priceList?.id ?? null, errors: payload?.errors ?? [] };
    },
    async saveEntries(priceListId: string, entries: PriceListEntryInput[]): Promise<PayloadError[]> {
      const result = await setEntries.executeMutation(
        { priceListId, entries },
        { additionalTypenames: ['PriceListEntry', 'PriceList'] },
      );
      if (result.error) return errorOf(result.error);
      return result.data?.setPriceListEntries.errors ?? [];
    },
  };
}

/** `promotions` with filters (active, type, validAt) and forward cursors. */
export function usePromotions(filter: Ref<PromotionFilter>) {
  const cursors = useCursorStack(PRICING_PAGE_SIZE);
  watch(filter, () => cursors.reset(), { deep: true });
  const variables = computed(() => ({ first: PRICING_PAGE_SIZE, after: cursors.after.value, filter: filter.value }));
  const query = useQuery({ query: PromotionsDocument, variables, requestPolicy: 'cache-and-network' });
  const connection = computed(() => query.data.value?.promotions);
  return pagedConnection(cursors, connection, query);
}

export function usePromotion(id: Ref<string | null>) {
  const query = useQuery({
    query: PromotionDetailDocument,
    variables: computed(() => ({ id: id.value ?? '' })),
    pause: computed(() => !id.value),
    requestPolicy: 'cache-and-network',
  });
  return {
    promotion: computed(() => query.data.value?.promotion ?? null),
    loaded: computed(() => query.data.value !== undefined),
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

export function usePromotionMutations() {
  const create = useMutation(CreatePromotionDocument);
  const update = useMutation(UpdatePromotionDocument);
  const active = useMutation(SetPromotionActiveDocument);
  return {
    busy: computed(() => create.fetching.value || update.fetching.value || active.fetching.value),
    async save(id: string | null, input: PromotionInput): Promise<{ id: string | null; errors: PayloadError[] }> {
      const result = id
        ? await update.executeMutation({ id, input })
        : await create.executeMutation({ input }, { additionalTypenames: ['Promotion'] });
      if (result.error) return { id: null, errors: errorOf(result.error) };
      const payload =
        result.data && ('updatePromotion' in result.data ? result.data.updatePromotion : result.data.createPromotion);
      return { id: payload?.promotion?.id ?? null, errors: payload?.errors ?? [] };
    },
    async setActive(id: string, value: boolean): Promise<PayloadError[]> {
      const result = await active.executeMutation({ id, active: value });
      if (result.error) return errorOf(result.error);
      return result.data?.setPromotionActive.errors ?? [];
    },
  };
}

export interface RegionOption {
  id: string;
  label: string;
  depth: number;
}

/** Regions (flattened, indented), categories and brands for pickers. */
export function usePricingReference() {
  const query = useQuery({ query: PricingReferenceDocument });
  const data = computed(() => query.data.value);
  return {
    loaded: computed(() => data.value !== undefined),
    error: query.error,
    regions: computed(() => {
      const out: { id: string; name: string; nameEn: string; depth: number }[] = [];
      for (const r of data.value?.regions ?? []) {
        out.push(r);
        for (const c of r.children) {
          out.push(c);
          for (const g of c.children) {
            out.push(g);
            for (const city of g.children) out.push(city);
          }
        }
      }
      return out;
    }),
    categories: computed(() =>
      (data.value?.categories ?? []).flatMap((c) => [
        { ...c, depth: 0 },
        ...c.children.map((k) => ({ ...k, depth: 1 })),
      ]),
    ),
    brands: computed(() => data.value?.brands ?? []),
  };
}

export interface PickedProduct {
  id: string;
  sku: string;
  name: string;
  nameEn: string;
}

/** Product search by name or SKU for pickers (debounced by the caller). */
export function useProductLookup() {
  const handle = useClientHandle();
  return async (search: string) => {
    if (!search.trim()) return [];
    const result = await handle.client.query(ProductLookupDocument, { search: search.trim() }).toPromise();
    return result.data?.products.edges.map((e) => e.node) ?? [];
  };
}

export type PreviewQuote = PreviewQuoteQuery['previewQuote'];

/** `previewQuote(input, asDealer)`: the quote a dealer of a grade and region would get. */
export function usePreviewQuote() {
  const handle = useClientHandle();
  const quote = ref<PreviewQuote | null>(null);
  const error = ref<PayloadError | null>(null);
  const busy = ref(false);
  async function run(asDealer: { dealerGrade: DealerGrade; regionId: string }, lines: QuoteLineInput[]): Promise<void> {
    busy.value = true;
    error.value = null;
    const result = await handle.client
      .query(PreviewQuoteDocument, { input: { lines }, asDealer }, { requestPolicy: 'network-only' })
      .toPromise();
    busy.value = false;
    if (result.error) {
      quote.value = null;
      error.value = errorOf(result.error)[0];
      return;
    }
    quote.value = result.data?.previewQuote ?? null;
  }
  return { quote, error, busy, run };
}
