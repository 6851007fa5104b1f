import { useMutation } from '@urql/vue';
import { computed, ref, shallowRef, watch } from 'vue';
import type { OrderDetailFieldsFragment, OrderErrorFieldsFragment, OrderSeller } from '@/generated/graphql';
import { PlaceOrderMutation } from '@/graphql/orders';
import { session } from '@/lib/session';

/** What the cart remembers of a product (names for display before the quote answers). */
export interface CartItem {
  productId: string;
  sku: string;
  name: string;
  nameEn: string;
  quantity: number;
}

/** The submission in progress: its idempotency key and the lines it was made for. */
interface PendingSubmission {
  key: string;
  signature: string;
}

interface CartState {
  items: CartItem[];
  pending: PendingSubmission | null;
  /** Who the cart buys from: the brand, or (a sub-dealer) its parent dealer. */
  seller: OrderSeller;
}

export const MAX_QUANTITY = 100_000;
export const MAX_LINES = 200;
const STORAGE_PREFIX = 'dnp.store.cart.';

const storageKey = (userId: string) => `${STORAGE_PREFIX}${userId}`;

function read(userId: string | undefined): CartState {
  if (!userId) return { items: [], pending: null, seller: 'BRAND' };
  try {
    const raw = localStorage.getItem(storageKey(userId));
    const s = raw ? (JSON.parse(raw) as Partial<CartState>) : {};
    const items = Array.isArray(s.items)
      ? s.items.filter((i) => i && typeof i.productId === 'string' && Number.isInteger(i.quantity) && i.quantity > 0)
      : [];
    const pending = s.pending && typeof s.pending.key === 'string' ? s.pending : null;
    return { items, pending, seller: s.seller === 'PARENT' ? 'PARENT' : 'BRAND' };
  } catch {
    return { items: [], pending: null, seller: 'BRAND' };
  }
}

/** The cart of the signed-in user; each user has their own, kept in localStorage. */
const state = ref<CartState>(read(session.value?.user.id));
let owner = session.value?.user.id;

// Another user signed in (or out): switch to their cart.
watch(
  () => session.value?.user.id,
  (id) => {
    if (id === owner) return;
    owner = id;
    state.value = read(id);
  },
);
watch(
  state,
  (s) => {
    if (owner) localStorage.setItem(storageKey(owner), JSON.stringify(s));
  },
  { deep: true },
);
// The cart changed in another tab of the same user.
window.addEventListener('storage', (e) => {
  if (owner && e.key === storageKey(owner)) state.value = read(owner);
});

const clampQuantity = (n: number) => Math.min(MAX_QUANTITY, Math.max(1, Math.floor(Number.isFinite(n) ? n : 1)));

/** The lines as the API wants them (and the signature an idempotency key is bound to, with the seller). */
const orderLines = computed(() => state.value.items.map((i) => ({ productId: i.productId, quantity: i.quantity })));
const signature = computed(() => JSON.stringify([orderLines.value, state.value.seller]));

export function useCart() {
  const items = computed(() => state.value.items);
  /** Units in the cart (badge). */
  const count = computed(() => state.value.items.reduce((n, i) => n + i.quantity, 0));

  function quantityOf(productId: string): number {
    return state.value.items.find((i) => i.productId === productId)?.quantity ?? 0;
  }
  /** Adds units of a product (merged into its line when it is there already). */
  function add(product: Omit<CartItem, 'quantity'>, quantity: number): void {
    const line = state.value.items.find((i) => i.productId === product.productId);
    if (line) line.quantity = clampQuantity(line.quantity + quantity);
    else if (state.value.items.length < MAX_LINES)
      state.value.items.push({ ...product, quantity: clampQuantity(quantity) });
  }
  function setQuantity(productId: string, quantity: number): void {
    const line = state.value.items.find((i) => i.productId === productId);
    if (line) line.quantity = clampQuantity(quantity);
  }
  function remove(productId: string): void {
    state.value.items = state.value.items.filter((i) => i.productId !== productId);
  }
  function clear(): void {
    state.value.items = [];
    state.value.pending = null;
  }
  /** Buy from the brand or from the parent dealer (the cart page offers it only to a dealer with a parent). */
  function setSeller(seller: OrderSeller): void {
    state.value.seller = seller;
  }
  const seller = computed(() => state.value.seller);
  return { items, count, lines: orderLines, signature, seller, quantityOf, add, setQuantity, remove, clear, setSeller };
}

/** What came of a submission, shown on the cart page at once. */
export interface CheckoutOutcome {
  order: OrderDetailFieldsFragment | null;
  errors: readonly OrderErrorFieldsFragment[];
  /** The cart lines the order was placed for (to name products in per-line errors). */
  items: readonly CartItem[];
}

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Error code the gateway answers when a mutation's outcome is unknown (the service went away mid-request). */
export const OUTCOME_UNKNOWN = 'OUTCOME_UNKNOWN';
/**
 * Waits before each automatic retry of an unknown or unfinished outcome (bounded: then the outcome is
 * shown as it is).
 */
export const RETRY_DELAYS_MS = [500, 1000, 2000, 4000] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const submitting = ref(false);
const outcome = shallowRef<CheckoutOutcome | null>(null);
/** A submission whose outcome is unknown (network failure): retrying reuses its key. */
const failure = ref<'NETWORK' | 'UNKNOWN' | null>(null);

/**
 * Places the cart as an order. One idempotency key per submission attempt: it is created on the
 * first click, kept (in the cart's storage too) until the outcome is known, and reused by every
 * retry of the same lines, so double clicks, retries after a network error and even a reload
 * place one order. An unknown outcome (network failure, OUTCOME_UNKNOWN) or an order still
 * PLACING is asked again by itself with the same key, a bounded number of times with growing
 * waits (RETRY_DELAYS_MS); the button stays disabled meanwhile. Clears the cart when the order
 * is APPROVED or PENDING_REVIEW.
 */
export function useCheckout() {
  const mutation = useMutation(PlaceOrderMutation);

  /** `rebateAmount`: the part of the total to pay with the rebate balance (a checked decimal), or none. */
  async function submit(note?: string, rebateAmount?: string | null): Promise<void> {
    if (submitting.value || state.value.items.length === 0) return;
    submitting.value = true;
    failure.value = null;
    outcome.value = null;
    try {
      // The rebate part is part of what a key stands for: another amount is another submission.
      const sig = JSON.stringify([signature.value, rebateAmount ?? null]);
      if (!state.value.pending || state.value.pending.signature !== sig)
        state.value.pending = { key: newKey(), signature: sig };
      const items = state.value.items.map((i) => ({ ...i }));
      const input = {
        idempotencyKey: state.value.pending.key,
        lines: orderLines.value,
        seller: state.value.seller,
        ...(note?.trim() ? { note: note.trim() } : {}),
        ...(rebateAmount ? { rebateAmount } : {}),
      };
      // The same key on every attempt: a retry returns the order the first attempt made, never a second one.
      let result = await mutation.executeMutation({ input });
      for (const delay of RETRY_DELAYS_MS) {
        const payload = result.data?.placeOrder;
        const unknown =
          !payload &&
          (!!result.error?.networkError ||
            !!result.error?.graphQLErrors.some(
              (e) => e.extensions?.retryable === true || e.extensions?.code === OUTCOME_UNKNOWN,
            ));
        // PLACING: the saga is still being finished (e.g. resumed after a crash); ask again for the final outcome.
        if (!unknown && payload?.order?.status !== 'PLACING') break;
        await sleep(delay);
        result = await mutation.executeMutation({ input }, { requestPolicy: 'network-only' });
      }
      const payload = result.data?.placeOrder;
      if (!payload) {
        // Outcome unknown: keep the key so a retry returns the same order instead of a second one.
        failure.value = result.error?.networkError ? 'NETWORK' : 'UNKNOWN';
        return;
      }
      state.value.pending = null;
      outcome.value = { order: payload.order ?? null, errors: payload.errors, items };
      const status = payload.order?.status;
      if (status === 'APPROVED' || status === 'PENDING_REVIEW') state.value.items = [];
    } finally {
      submitting.value = false;
    }
  }

  return {
    submit,
    submitting,
    outcome,
    failure,
    dismissOutcome: () => {
      outcome.value = null;
    },
  };
}
