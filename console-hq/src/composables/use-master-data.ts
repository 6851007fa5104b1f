import { useClientHandle, useMutation, useQuery } from '@urql/vue';
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import {
  AdminWarehousesDocument,
  AttachProductImagesDocument,
  CatalogProductsDocument,
  CreateBrandDocument,
  CreateCategoryDocument,
  CreateProductDocument,
  CreateWarehouseDocument,
  ImportSafetyStockDocument,
  MasterDataReferenceDocument,
  MasterProductDocument,
  MoveCategoryDocument,
  RemoveProductImageDocument,
  ReorderProductImagesDocument,
  RetireProductDocument,
  SafetyStockLevelsDocument,
  SetSafetyStockDocument,
  SetWarehouseActiveDocument,
  StockImportDocument,
  UpdateBrandDocument,
  UpdateCategoryDocument,
  UpdateProductDocument,
  UpdateWarehouseDocument,
} from '@/graphql/master-data';
import type {
  BrandInput,
  CategoryInput,
  CategoryNodeFieldsFragment,
  CreateProductInput,
  CreateWarehouseInput,
  ProductFilter,
  StockImportFieldsFragment,
  UpdateProductInput,
  UpdateWarehouseInput,
} from '@/generated/graphql';

/** One refused line of a CSV file (line and column when known). */
export interface CsvLineProblem {
  code: string;
  message: string;
  line?: number | null;
  column?: string | null;
}
import { pagedConnection, useCursorStack } from '@/lib/cursor-stack';
import { payloadResult, type MutationOutcome } from '@/lib/mutation-outcome';
import { session } from '@/lib/session';
import { postUpload } from '@dnp/web-kit';

export const MASTER_PAGE_SIZE = 20;
/** How often the import's progress bar asks `stockImport(id)` (§17: every 500 ms). */
export const IMPORT_POLL_MS = 500;

/** A category of the tree with its place: depth, the ids of its ancestors, and whether it is a leaf. */
export interface CategoryRow extends CategoryNodeFieldsFragment {
  parentId: string | null;
  ancestorIds: string[];
  leaf: boolean;
}

interface CategoryTreeNode extends CategoryNodeFieldsFragment {
  children?: CategoryTreeNode[];
}

/** The tree flattened depth-first (each row knows its ancestors: the UI refuses moves under a descendant). */
export function flattenCategories(roots: readonly CategoryTreeNode[]): CategoryRow[] {
  const out: CategoryRow[] = [];
  const walk = (nodes: readonly CategoryTreeNode[], ancestors: string[]) => {
    for (const { children, ...node } of [...nodes].sort((a, b) => a.position - b.position)) {
      const kids = children ?? [];
      out.push({ ...node, parentId: ancestors.at(-1) ?? null, ancestorIds: ancestors, leaf: kids.length === 0 });
      walk(kids, [...ancestors, node.id]);
    }
  };
  walk(roots, []);
  return out;
}

/** Categories (flattened tree), brands and regions (flattened, with depth) for the master-data forms. */
export function useMasterReference() {
  const query = useQuery({ query: MasterDataReferenceDocument, requestPolicy: 'cache-and-network' });
  const data = computed(() => query.data.value);
  return {
    loaded: computed(() => data.value !== undefined),
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
    categories: computed(() => flattenCategories(data.value?.categories ?? [])),
    brands: computed(() => data.value?.brands ?? []),
    regions: computed(() => {
      const out: { id: string; name: string; nameEn: string; depth: number }[] = [];
      const walk = (rs: readonly { id: string; name: string; nameEn: string; depth: number; children?: never[] }[]) => {
        for (const { children, ...r } of rs) {
          out.push(r);
          if (children) walk(children);
        }
      };
      walk((data.value?.regions ?? []) as never[]);
      return out;
    }),
  };
}

/** `products` for the catalogue list: search and status filters, forward cursors. */
export function useCatalogProducts(filter: Ref<ProductFilter>) {
  const cursors = useCursorStack(MASTER_PAGE_SIZE);
  watch(filter, () => cursors.reset(), { deep: true });
  const variables = computed(() => ({ first: MASTER_PAGE_SIZE, after: cursors.after.value, filter: filter.value }));
  const query = useQuery({ query: CatalogProductsDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.products),
    query,
  );
}

/** One product for the edit form (paused for a new one). */
export function useMasterProduct(id: Ref<string | null>) {
  const query = useQuery({
    query: MasterProductDocument,
    variables: computed(() => ({ id: id.value ?? '' })),
    pause: computed(() => !id.value),
    requestPolicy: 'cache-and-network',
  });
  return {
    product: computed(() => query.data.value?.product ?? null),
    loaded: computed(() => query.data.value !== undefined),
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** createProduct / updateProduct / retireProduct, each answering the outcome and the product's id. */
export function useProductMutations() {
  const create = useMutation(CreateProductDocument);
  const update = useMutation(UpdateProductDocument);
  const retire = useMutation(RetireProductDocument);
  const extra = { additionalTypenames: ['Product'] };
  return {
    busy: computed(() => create.fetching.value || update.fetching.value || retire.fetching.value),
    async create(input: CreateProductInput): Promise<MutationOutcome & { id?: string }> {
      const result = await create.executeMutation({ input }, extra);
      const payload = result.data?.createProduct;
      return { ...payloadResult(result.error, payload), id: payload?.product?.id };
    },
    async update(input: UpdateProductInput): Promise<MutationOutcome> {
      const result = await update.executeMutation({ input }, extra);
      return payloadResult(result.error, result.data?.updateProduct);
    },
    async retire(id: string, reason: string): Promise<MutationOutcome> {
      const result = await retire.executeMutation({ id, reason }, extra);
      return payloadResult(result.error, result.data?.retireProduct);
    },
  };
}

/** One product image sent to the gateway's `POST /uploads` (web-kit's `postUpload`): its upload id or code. */
async function uploadImage(file: File): Promise<{ uploadId?: string; code?: string; message?: string }> {
  const out = await postUpload(file, 'PRODUCT_IMAGE', { token: session.value?.accessToken });
  return out.ok ? { uploadId: out.file.uploadId } : { code: out.code, message: out.message ?? file.name };
}

/**
 * A product's images: upload files and attach them (all or none), remove one, move one up or down.
 * Each answers the outcome; the product query refreshes through the returned product.
 */
export function useProductImages() {
  const attach = useMutation(AttachProductImagesDocument);
  const remove = useMutation(RemoveProductImageDocument);
  const reorder = useMutation(ReorderProductImagesDocument);
  const uploading = ref(false);
  return {
    busy: computed(() => uploading.value || attach.fetching.value || remove.fetching.value || reorder.fetching.value),
    async add(productId: string, files: File[]): Promise<MutationOutcome> {
      uploading.value = true;
      const sent = await Promise.all(files.map(uploadImage)).finally(() => (uploading.value = false));
      const failed = sent.filter((u) => !u.uploadId);
      if (failed.length) return { ok: false, errors: failed.map((u) => ({ code: u.code!, message: u.message ?? '' })) };
      const result = await attach.executeMutation({ productId, uploadIds: sent.map((u) => u.uploadId!) });
      return payloadResult(result.error, result.data?.attachProductImages);
    },
    async remove(imageId: string): Promise<MutationOutcome> {
      const result = await remove.executeMutation({ imageId });
      return payloadResult(result.error, result.data?.removeProductImage);
    },
    async reorder(productId: string, imageIds: string[]): Promise<MutationOutcome> {
      const result = await reorder.executeMutation({ productId, imageIds });
      return payloadResult(result.error, result.data?.reorderProductImages);
    },
  };
}

/** Category and brand writes; each refreshes the reference query (the tree and the pickers). */
export function useCategoryMutations() {
  const create = useMutation(CreateCategoryDocument);
  const update = useMutation(UpdateCategoryDocument);
  const move = useMutation(MoveCategoryDocument);
  const createBrand = useMutation(CreateBrandDocument);
  const updateBrand = useMutation(UpdateBrandDocument);
  const extra = { additionalTypenames: ['Category', 'Brand'] };
  return {
    busy: computed(
      () =>
        create.fetching.value ||
        update.fetching.value ||
        move.fetching.value ||
        createBrand.fetching.value ||
        updateBrand.fetching.value,
    ),
    async saveCategory(id: string | null, input: CategoryInput): Promise<MutationOutcome> {
      if (!id) {
        const result = await create.executeMutation({ input }, extra);
        return payloadResult(result.error, result.data?.createCategory);
      }
      const result = await update.executeMutation({ id, input }, extra);
      return payloadResult(result.error, result.data?.updateCategory);
    },
    /** Moves a category from the version the page showed (`expectedVersion`: VERSION_CONFLICT when stale). */
    async move(id: string, parentId: string | null, expectedVersion?: number): Promise<MutationOutcome> {
      const result = await move.executeMutation({ id, parentId, expectedVersion }, extra);
      return payloadResult(result.error, result.data?.moveCategory);
    },
    async saveBrand(id: string | null, input: BrandInput): Promise<MutationOutcome> {
      if (!id) {
        const result = await createBrand.executeMutation({ input }, extra);
        return payloadResult(result.error, result.data?.createBrand);
      }
      const result = await updateBrand.executeMutation({ id, input }, extra);
      return payloadResult(result.error, result.data?.updateBrand);
    },
  };
}

/** Every warehouse (with inactive ones) for the warehouses page. */
export function useAdminWarehouses() {
  const query = useQuery({ query: AdminWarehousesDocument, requestPolicy: 'cache-and-network' });
  return {
    warehouses: computed(() => query.data.value?.warehouses ?? []),
    loaded: computed(() => query.data.value !== undefined),
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** createWarehouse / updateWarehouse / setWarehouseActive. */
export function useWarehouseMutations() {
  const create = useMutation(CreateWarehouseDocument);
  const update = useMutation(UpdateWarehouseDocument);
  const active = useMutation(SetWarehouseActiveDocument);
  const extra = { additionalTypenames: ['Warehouse'] };
  return {
    busy: computed(() => create.fetching.value || update.fetching.value || active.fetching.value),
    async create(input: CreateWarehouseInput): Promise<MutationOutcome> {
      const result = await create.executeMutation({ input }, extra);
      return payloadResult(result.error, result.data?.createWarehouse);
    },
    async update(input: UpdateWarehouseInput): Promise<MutationOutcome> {
      const result = await update.executeMutation({ input }, extra);
      return payloadResult(result.error, result.data?.updateWarehouse);
    },
    async setActive(id: string, value: boolean, reason: string): Promise<MutationOutcome> {
      const result = await active.executeMutation({ id, active: value, reason }, extra);
      return payloadResult(result.error, result.data?.setWarehouseActive);
    },
  };
}

/** One warehouse's stock levels with their safety stock (paged), and `setSafetyStock`. */
export function useSafetyStock(warehouseId: Ref<string | null>) {
  const cursors = useCursorStack(MASTER_PAGE_SIZE);
  watch(warehouseId, () => cursors.reset());
  const variables = computed(() => ({
    first: MASTER_PAGE_SIZE,
    after: cursors.after.value,
    filter: { warehouseId: warehouseId.value },
  }));
  const query = useQuery({
    query: SafetyStockLevelsDocument,
    variables,
    pause: computed(() => !warehouseId.value),
    requestPolicy: 'cache-and-network',
  });
  const set = useMutation(SetSafetyStockDocument);
  return {
    ...pagedConnection(
      cursors,
      computed(() => query.data.value?.stockLevels),
      query,
    ),
    saving: set.fetching,
    async save(productId: string, safetyStock: number): Promise<MutationOutcome> {
      const input = { warehouseId: warehouseId.value ?? '', productId, safetyStock };
      const result = await set.executeMutation({ input });
      return payloadResult(result.error, result.data?.setSafetyStock);
    },
  };
}

/** The file as base64 (the mutation's `contentBase64`), read as a data URL without its prefix. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });
}

/**
 * "Import CSV" for safety stock: `check(file)` sends it without `importGoodLines` (a file with a bad
 * line is refused whole and answers the report), `importGood()` sends it again with it; the started
 * import is then polled every 500 ms through `stockImport(id)` until COMPLETED (the progress bar).
 */
export function useSafetyStockImport() {
  const handle = useClientHandle();
  const send = useMutation(ImportSafetyStockDocument);
  const file = ref<File | null>(null);
  const lineErrors = ref<CsvLineProblem[]>([]);
  const job = ref<StockImportFieldsFragment | null>(null);
  const duplicateOf = ref<StockImportFieldsFragment | null>(null);
  const failure = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function poll(id: string): Promise<void> {
    const result = await handle.client
      .query(StockImportDocument, { id }, { requestPolicy: 'network-only' })
      .toPromise();
    if (result.data?.stockImport) job.value = result.data.stockImport;
    if (job.value?.status !== 'COMPLETED' && job.value?.status !== 'REJECTED') {
      timer = setTimeout(() => void poll(id), IMPORT_POLL_MS);
    }
  }

  async function submit(importGoodLines: boolean): Promise<void> {
    if (!file.value) return;
    clearTimeout(timer);
    failure.value = null;
    const input = { fileName: file.value.name, contentBase64: await base64Of(file.value), importGoodLines };
    const result = await send.executeMutation({ input });
    const payload = result.data?.importSafetyStock;
    if (result.error || !payload) {
      failure.value = result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? 'UNKNOWN';
      return;
    }
    lineErrors.value = payload.errors;
    duplicateOf.value = payload.duplicateOf ?? null;
    job.value = payload.import ?? null;
    if (job.value) timer = setTimeout(() => void poll(job.value!.id), IMPORT_POLL_MS);
  }

  onBeforeUnmount(() => clearTimeout(timer));
  return {
    file,
    lineErrors,
    job,
    duplicateOf,
    failure,
    busy: send.fetching,
    check: () => submit(false),
    importGood: () => submit(true),
    choose(next: File | null) {
      clearTimeout(timer);
      file.value = next;
      lineErrors.value = [];
      job.value = null;
      duplicateOf.value = null;
      failure.value = null;
    },
  };
}
