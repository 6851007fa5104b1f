import { businessDay } from '@dnp/web-kit';
import { useMutation, useQuery } from '@urql/vue';
import { computed, onBeforeUnmount, onMounted, ref } from 'vue';
import type { StoreRebateProgressFragment } from '@/generated/graphql';
import { MyRebateBalanceQuery, MyRebatesQuery, ReportRegionsQuery, ReportRetailPriceMutation } from '@/graphql/rebates';
import { fromMinor, isDecimalAmount, toMinor, type Money } from '@/lib/money';
import { session } from '@/lib/session';

/** How often "my rebates" re-reads its figures while the page is visible. */
export const REBATES_REFRESH_MS = 60_000;

/**
 * What tells the rebates page to re-read: given `refresh`, it starts and answers its stop. The page
 * uses `pollingSource` (on focus and on an interval); a live source (the `rebateProgressChanged`
 * subscription calling `refresh` on each change) plugs in the same way.
 */
export type RefreshSource = (refresh: () => void) => () => void;

/** Re-reads when the window regains focus or the tab becomes visible, and every `intervalMs` while visible. */
export function pollingSource(intervalMs = REBATES_REFRESH_MS): RefreshSource {
  return (refresh) => {
    const visible = () => document.visibilityState === 'visible';
    const onVisibility = () => {
      if (visible()) refresh();
    };
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', onVisibility);
    const timer = setInterval(() => {
      if (visible()) refresh();
    }, intervalMs);
    return () => {
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisibility);
      clearInterval(timer);
    };
  };
}

/** The business month, quarter and year keys of today (a policy's progress is keyed by its own kind). */
export function currentPeriods(at = new Date()): { month: string; quarter: string; year: string } {
  const day = businessDay(at);
  const year = day.slice(0, 4);
  return { month: day.slice(0, 7), quarter: `${year}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`, year };
}

/** One policy's standing as the page shows it. */
export interface RebateRow {
  progress: StoreRebateProgressFragment;
  /** True when tiers count units (QUANTITY), not fen. */
  units: boolean;
  /** What the tiers read: units, or the basis in fen. */
  measure: bigint;
  accrued: Money;
  /** Approved settlements of the policy so far. */
  settled: Money;
  /** Share of the way to the next tier (1 at the top). */
  ratio: number;
}

function rowOf(p: StoreRebateProgressFragment, settledMinor: bigint): RebateRow {
  const units = p.basis === 'QUANTITY';
  const measure = units ? BigInt(p.quantity) : BigInt(p.basisMinor);
  const threshold = p.nextTier ? BigInt(p.nextTier.threshold) : null;
  // Integer per-mille, then a number: the bar needs no more precision than that.
  const ratio =
    threshold === null ? 1 : threshold <= 0n ? 0 : Number(((measure < 0n ? 0n : measure) * 1000n) / threshold) / 1000;
  return {
    progress: p,
    units,
    measure,
    accrued: fromMinor(p.accruedMinor),
    settled: fromMinor(settledMinor),
    ratio: Math.min(1, ratio),
  };
}

/**
 * The signed-in dealer's rebates: per policy its progress in the current period, what it accrued and
 * what was settled, and the dealer's rebate balance. Re-read by `source` (focus and interval by
 * default); the period keys are taken again on each re-read, so the page rolls over at period ends.
 */
export function useMyRebates(source: RefreshSource = pollingSource()) {
  const dealerId = computed(() => session.value?.user.dealer?.id ?? '');
  const periods = ref(currentPeriods());
  const q = useQuery({
    query: MyRebatesQuery,
    variables: computed(() => ({ dealerId: dealerId.value, ...periods.value })),
    pause: computed(() => !dealerId.value),
    requestPolicy: 'cache-and-network',
  });
  function refresh(): void {
    const now = currentPeriods();
    // A new period key re-runs the query by itself; otherwise ask the network again.
    if (JSON.stringify(now) !== JSON.stringify(periods.value)) periods.value = now;
    else void q.executeQuery({ requestPolicy: 'network-only' });
  }
  let stop: (() => void) | undefined;
  onMounted(() => (stop = source(refresh)));
  onBeforeUnmount(() => stop?.());

  const rows = computed<RebateRow[]>(() => {
    const d = q.data.value;
    if (!d) return [];
    const settled = new Map<string, bigint>();
    for (const { node } of d.rebateSettlements.edges) {
      settled.set(node.policyId, (settled.get(node.policyId) ?? 0n) + BigInt(node.amountMinor));
    }
    return [...d.month, ...d.quarter, ...d.year].map((p) => rowOf(p, settled.get(p.policyId) ?? 0n));
  });
  const balance = computed(() => {
    const b = q.data.value?.rebateBalance;
    return b
      ? {
          available: fromMinor(b.available),
          held: fromMinor(b.held),
          settled: fromMinor(b.settled),
          captured: fromMinor(b.captured),
        }
      : null;
  });
  return {
    rows,
    balance,
    periods,
    loaded: computed(() => q.data.value !== undefined),
    fetching: q.fetching,
    error: q.error,
    refresh,
  };
}

/** The signed-in dealer's usable rebate balance (zero before its first settlement). */
export function useMyRebateBalance() {
  const q = useQuery({ query: MyRebateBalanceQuery, requestPolicy: 'cache-and-network' });
  return {
    available: computed(() => {
      const b = q.data.value?.rebateBalance;
      return b ? fromMinor(b.available) : null;
    }),
    refetch: () => q.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** The retail price form's input as typed. */
export interface RetailPriceDraft {
  price: string;
  regionId: string;
  note: string;
}

/** Largest price the API's Int field carries, in fen. */
const MAX_PRICE_MINOR = 2_147_483_647n;

/**
 * "Report a retail price" on a product: the regions the dealer may name (its own and those below),
 * and `report`, which answers the refusal codes (PRICE_INVALID before sending, else the API's:
 * PRICE_NOT_POSITIVE, REGION_UNKNOWN, NOTE_TOO_LONG, …) or the report's id.
 */
export function useReportRetailPrice(productId: () => string) {
  const regionsQ = useQuery({ query: ReportRegionsQuery, requestPolicy: 'cache-first' });
  const m = useMutation(ReportRetailPriceMutation);
  const regions = computed(() => {
    const r = regionsQ.data.value?.me?.dealer?.region;
    return r ? [r, ...r.children] : [];
  });

  async function report(draft: RetailPriceDraft): Promise<{ codes: string[]; reportId: string | null }> {
    const price = draft.price.trim();
    if (!isDecimalAmount(price) || toMinor(price) > MAX_PRICE_MINOR)
      return { codes: ['PRICE_INVALID'], reportId: null };
    const note = draft.note.trim();
    const input = {
      productId: productId(),
      regionId: draft.regionId,
      priceMinor: Number(toMinor(price)),
      ...(note ? { note } : {}),
    };
    const result = await m.executeMutation({ input });
    const payload = result.data?.reportRetailPrice;
    if (!payload) {
      const code = result.error?.graphQLErrors[0]?.extensions?.code;
      return { codes: [typeof code === 'string' ? code : 'NETWORK'], reportId: null };
    }
    return { codes: payload.errors.map((e) => e.code), reportId: payload.report?.id ?? null };
  }
  return { regions, report, reporting: m.fetching };
}
