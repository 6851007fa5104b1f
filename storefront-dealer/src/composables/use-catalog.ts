import { useQuery } from '@urql/vue';
import { computed, shallowRef, watch, type Ref } from 'vue';
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router';
import type { ProductFilter, ProductSort } from '@/generated/graphql';
import { CatalogFacetsQuery, ProductDetailQuery, ProductsQuery } from '@/graphql/catalog';
import { useConnection } from './use-connection';

/** A category and (some levels of) its children, as the facets query returns them. */
export interface CategoryNode {
  id: string;
  name: string;
  nameEn: string;
  children?: readonly CategoryNode[];
}

export const PRODUCT_SORTS: readonly ProductSort[] = [
  'NAME_ASC',
  'NAME_DESC',
  'SKU_ASC',
  'SKU_DESC',
  'NEWEST',
  'OLDEST',
];
export const DEFAULT_SORT: ProductSort = 'NAME_ASC';
export const CATALOG_PAGE_SIZE = 24;

function one(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v;
  return (s ?? '').trim();
}

/**
 * The catalogue's filters live in the URL (?q=&cat=&brand=a,b&sort=), so reload, back and
 * shared links keep them. Typing replaces the history entry; picking a filter pushes one.
 */
export function useCatalogFilters() {
  const route = useRoute();
  const router = useRouter();
  // Follow the query only while on this page: leaving it (to a product) must not look like
  // "filters cleared" and refetch the list on the way out.
  const page = route.name;
  const query = shallowRef<LocationQuery>(route.query);
  watch(
    () => route.query,
    (q) => {
      if (route.name === page) query.value = q;
    },
  );
  const search = computed(() => one(query.value.q).slice(0, 100));
  const categoryId = computed(() => one(query.value.cat) || null);
  const brandIds = computed(() => one(query.value.brand).split(',').filter(Boolean));
  const sort = computed<ProductSort>(() => {
    const s = one(query.value.sort) as ProductSort;
    return PRODUCT_SORTS.includes(s) ? s : DEFAULT_SORT;
  });
  const filter = computed<ProductFilter>(() => ({
    ...(search.value ? { search: search.value } : {}),
    ...(categoryId.value ? { categoryId: categoryId.value } : {}),
    ...(brandIds.value.length ? { brandIds: brandIds.value } : {}),
  }));
  const activeCount = computed(() => (categoryId.value ? 1 : 0) + brandIds.value.length);

  function update(patch: Record<string, string | null>, replace = false) {
    const next: LocationQueryRaw = { ...query.value };
    for (const [k, v] of Object.entries(patch)) {
      if (v) next[k] = v;
      else delete next[k];
    }
    return replace ? router.replace({ query: next }) : router.push({ query: next });
  }

  return {
    search,
    categoryId,
    brandIds,
    sort,
    filter,
    activeCount,
    setSearch: (q: string) => update({ q: q.trim() || null }, true),
    setCategory: (id: string | null) => update({ cat: id }),
    toggleBrand: (id: string) => {
      const next = brandIds.value.includes(id) ? brandIds.value.filter((b) => b !== id) : [...brandIds.value, id];
      return update({ brand: next.join(',') || null });
    },
    setSort: (s: ProductSort) => update({ sort: s === DEFAULT_SORT ? null : s }),
    clearFilters: () => update({ cat: null, brand: null }),
    clearAll: () => update({ q: null, cat: null, brand: null }),
  };
}

/** The products matching a filter, CATALOG_PAGE_SIZE at a time ("load more"). */
export function useProducts(filter: Ref<ProductFilter>, sort: Ref<ProductSort>) {
  return useConnection({
    query: ProductsQuery,
    variables: () => ({ first: CATALOG_PAGE_SIZE, filter: filter.value, sort: sort.value }),
    select: (d) => d.products,
  });
}

/** Category tree and brands for the filter panel. */
export function useCatalogFacets() {
  const q = useQuery({ query: CatalogFacetsQuery, requestPolicy: 'cache-first' });
  return {
    categories: computed(() => q.data.value?.categories ?? []),
    brands: computed(() => q.data.value?.brands ?? []),
    fetching: q.fetching,
    error: q.error,
  };
}

/** One product with the viewer's prices and stock; `notFound` on NOT_FOUND. */
export function useProduct(id: Ref<string>) {
  const q = useQuery({ query: ProductDetailQuery, variables: computed(() => ({ id: id.value })) });
  const notFound = computed(
    () =>
      q.error.value?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND') === true ||
      (q.data.value !== undefined && q.data.value.product === null && !q.error.value),
  );
  return {
    product: computed(() => q.data.value?.product ?? null),
    fetching: q.fetching,
    error: computed(() => (notFound.value ? null : (q.error.value ?? null))),
    notFound,
    refetch: () => q.executeQuery({ requestPolicy: 'network-only' }),
  };
}
