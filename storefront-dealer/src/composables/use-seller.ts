import { useMutation, useQuery } from '@urql/vue';
import { computed, ref, type Ref } from 'vue';
import type { DealerGrade } from '@/generated/graphql';
import {
  RemoveSubDealerPriceMutation,
  SellerPriceListQuery,
  SellerProductSearchQuery,
  SetSubDealerCreditLineMutation,
  SetSubDealerPriceMutation,
  SubDealerCreditLinesQuery,
} from '@/graphql/seller';
import type { Money } from '@/lib/money';
import type { FieldError } from './use-network';

/** Entries read at once: a seller prices a part of the catalogue; 100 would pass the gateway's cost limit. */
export const ENTRY_PAGE = 50;
/** Products offered by the product search. */
const SEARCH_PAGE = 20;

/** A refused price: the refusals, and the brand's floor it had to respect (with PRICE_BELOW_FLOOR). */
export interface PriceRefusal {
  errors: FieldError[];
  floor: Money | null;
}

/** A parent dealer's price list for its sub-dealers of `grade` (null: every grade), and its changes. */
export function useSellerPrices(grade: Ref<DealerGrade | null>) {
  const q = useQuery({
    query: SellerPriceListQuery,
    variables: computed(() => ({ grade: grade.value, first: ENTRY_PAGE })),
    requestPolicy: 'cache-and-network',
  });
  const setMutation = useMutation(SetSubDealerPriceMutation);
  const removeMutation = useMutation(RemoveSubDealerPriceMutation);
  const reload = () => q.executeQuery({ requestPolicy: 'network-only' });

  /** Sets a price; null when written (the list reloads), else why not. */
  async function setPrice(productId: string, unitPrice: string, minQuantity = 1): Promise<PriceRefusal | null> {
    const r = await setMutation.executeMutation({
      input: { productId, grade: grade.value, minQuantity, unitPrice: unitPrice.trim() },
    });
    const p = r.data?.setSubDealerPrice;
    if (!p) return { errors: [{ code: 'UNKNOWN', message: r.error?.message ?? '', field: null }], floor: null };
    if (p.errors.length) return { errors: p.errors, floor: p.floor ?? null };
    await reload();
    return null;
  }
  async function removePrice(productId: string, minQuantity: number): Promise<FieldError[] | null> {
    const r = await removeMutation.executeMutation({ productId, grade: grade.value, minQuantity });
    const p = r.data?.removeSubDealerPrice;
    if (!p) return [{ code: 'UNKNOWN', message: r.error?.message ?? '', field: null }];
    if (p.errors.length) return p.errors;
    await reload();
    return null;
  }

  return {
    list: computed(() => q.data.value?.subDealerPriceList ?? null),
    entries: computed(() => q.data.value?.subDealerPriceList?.entries.edges.map((e) => e.node) ?? []),
    total: computed(() => q.data.value?.subDealerPriceList?.entries.totalCount ?? 0),
    loaded: computed(() => q.data.value !== undefined && !q.fetching.value),
    error: q.error,
    refetch: reload,
    setPrice,
    removePrice,
    saving: computed(() => setMutation.fetching.value || removeMutation.fetching.value),
  };
}

/** Products matching `search` (SKU or name) to add a price for. */
export function useSellerProductSearch() {
  const search = ref('');
  const q = useQuery({
    query: SellerProductSearchQuery,
    variables: computed(() => ({ search: search.value.trim() || null, first: SEARCH_PAGE })),
  });
  return {
    search,
    products: computed(() => q.data.value?.products.edges.map((e) => e.node) ?? []),
    fetching: q.fetching,
  };
}

/** Sub-dealer lines read at once (a parent has a handful of direct sub-dealers). */
const LINE_PAGE = 50;

/** The parent's direct sub-dealers, each with the credit line it grants (null: none yet), and changing one. */
export function useSubDealerCreditLines() {
  const q = useQuery({
    query: SubDealerCreditLinesQuery,
    variables: { first: LINE_PAGE },
    requestPolicy: 'cache-and-network',
  });
  const mutation = useMutation(SetSubDealerCreditLineMutation);
  const reload = () => q.executeQuery({ requestPolicy: 'network-only' });
  const rows = computed(() => {
    const lines = new Map(q.data.value?.subDealerCreditLines.edges.map((e) => [e.node.dealer.id, e.node]) ?? []);
    return (q.data.value?.me?.dealer?.children ?? []).map((d) => ({ dealer: d, line: lines.get(d.id) ?? null }));
  });

  /** Sets a sub-dealer's line; null when applied (the list reloads), else the refusals. */
  async function setLine(input: {
    dealerId: string;
    limit: string;
    termDays: number;
    reason: string;
  }): Promise<FieldError[] | null> {
    const r = await mutation.executeMutation({
      input: { ...input, limit: input.limit.trim(), reason: input.reason.trim() },
    });
    const p = r.data?.setSubDealerCreditLine;
    if (!p) return [{ code: 'UNKNOWN', message: r.error?.message ?? '', field: null }];
    if (p.errors.length) return p.errors;
    await reload();
    return null;
  }

  return {
    rows,
    loaded: computed(() => q.data.value !== undefined),
    fetching: q.fetching,
    error: q.error,
    refetch: reload,
    setLine,
    saving: mutation.fetching,
  };
}
