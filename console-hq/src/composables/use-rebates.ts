import { useClientHandle, useMutation, useQuery } from '@urql/vue';
import type { CombinedError } from '@urql/core';
import { computed, ref, watch, type Ref } from 'vue';
import {
  ActivateRebatePolicyDocument,
  ApproveRebateSettlementDocument,
  CloseRebatePolicyDocument,
  CreateRebatePolicyDocument,
  PreviewRebatePolicyDocument,
  ProposeRebateSettlementsDocument,
  RebatePoliciesDocument,
  RebatePolicyDocument,
  RebateSettlementsDocument,
  RejectRebateSettlementDocument,
  UpdateRebatePolicyDocument,
} from '@/graphql/rebates';
import type {
  PreviewRebatePolicyQuery,
  RebatePeriodKind,
  RebatePolicyFieldsFragment,
  RebatePolicyFilter,
  RebatePolicyInput,
  RebateSettlementFilter,
  UpdateRebatePolicyInput,
} from '@/generated/graphql';
import { pagedConnection, useCursorStack, type PayloadError } from '@/lib/cursor-stack';
import { fromMinor, type MoneyValue } from '@/lib/format';
import { businessMonth } from '@dnp/web-kit';

export const REBATE_PAGE_SIZE = 20;

/**
 * A transport or GraphQL error (FORBIDDEN, NOT_FOUND …) as coded errors, so the pages show every
 * refusal the way they show a payload's; none without an error.
 */
export function errorsOf(error: CombinedError | null | undefined): PayloadError[] {
  const first = error?.graphQLErrors[0];
  const code = String(first?.extensions?.code ?? 'NETWORK');
  return error ? [{ code, message: first?.message ?? error.message, field: null }] : [];
}

/** First-page-again cursors for a filtered list, and the variables of its current page. */
export function filteredPage<F>(filter: Ref<F>) {
  const cursors = useCursorStack(REBATE_PAGE_SIZE);
  watch(filter, () => cursors.reset(), { deep: true });
  const variables = computed(() => ({ first: REBATE_PAGE_SIZE, after: cursors.after.value, filter: filter.value }));
  return { cursors, variables };
}

/** An API amount in fen ("9989", MinorUnits) as money to format; null stays null. */
export function minorMoney(minor: string | null | undefined): MoneyValue | null {
  return minor == null ? null : { amount: fromMinor(BigInt(minor)), currency: 'CNY' };
}

/** A rate in basis points as a percent text ("250" → "2.5"), exactly. */
export function bpToPercent(bp: number): string {
  return String(bp / 100);
}

/** A typed percent ("2.5", "3") → basis points (250, 300); null when not a percent with ≤ 2 decimals. */
export function percentToBp(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The period key of `at` in the brand's business time zone: 2026-03, 2026-Q1 or 2026. */
export function periodKeyOf(kind: RebatePeriodKind, at = new Date()): string {
  const [year, month] = businessMonth(at).split('-').map(Number);
  if (kind === 'YEAR') return String(year);
  if (kind === 'QUARTER') return `${year}-Q${Math.ceil(month! / 3)}`;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The period before `key` of the same kind (2026-01 → 2025-12, 2026-Q1 → 2025-Q4, 2026 → 2025). */
export function previousPeriod(key: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) {
    const [y, q] = [Number(quarter[1]), Number(quarter[2])];
    return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  }
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }
  return String(Number(key) - 1);
}

/** The last ended period of a kind: what the editor previews by default. */
export function lastPeriod(kind: RebatePeriodKind, at = new Date()): string {
  return previousPeriod(periodKeyOf(kind, at));
}

/** One tier of a TIERED or TARGET table: its threshold and its rate in basis points. */
export interface TierRow {
  from: number;
  rateBp: number;
}

/** The tiers (and the TIERED mode) stored in a policy's parameters JSON; empty when it has none. */
export function tiersOf(parameters: string): { mode: 'RETROACTIVE' | 'MARGINAL'; tiers: TierRow[] } {
  try {
    const p = JSON.parse(parameters) as { mode?: string; tiers?: { from?: number; rateBp?: number }[] };
    return {
      mode: p.mode === 'MARGINAL' ? 'MARGINAL' : 'RETROACTIVE',
      tiers: (p.tiers ?? []).map((t) => ({ from: Number(t.from ?? 0), rateBp: Number(t.rateBp ?? 0) })),
    };
  } catch {
    return { mode: 'RETROACTIVE', tiers: [] };
  }
}

/** `rebatePolicies` narrowed by status, with forward cursors. */
export function useRebatePolicies(filter: Ref<RebatePolicyFilter>) {
  const { cursors, variables } = filteredPage(filter);
  const query = useQuery({ query: RebatePoliciesDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.rebatePolicies),
    query,
  );
}

/** One policy for the editor (paused for a new one). */
export function useRebatePolicy(id: Ref<string | null>) {
  const query = useQuery({
    query: RebatePolicyDocument,
    variables: computed(() => ({ id: id.value ?? '' })),
    pause: computed(() => !id.value),
    requestPolicy: 'cache-and-network',
  });
  return {
    policy: computed(() => query.data.value?.rebatePolicy ?? null),
    loaded: computed(() => query.data.value !== undefined),
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

type PolicyResult = { policy: RebatePolicyFieldsFragment | null; errors: PayloadError[] };

/** create / update / activate / close, each answering the policy as stored and the payload's coded errors. */
export function useRebatePolicyMutations() {
  const create = useMutation(CreateRebatePolicyDocument);
  const update = useMutation(UpdateRebatePolicyDocument);
  const activate = useMutation(ActivateRebatePolicyDocument);
  const close = useMutation(CloseRebatePolicyDocument);
  const run = async <D>(
    pending: Promise<{ data?: D; error?: CombinedError }>,
    pick: (data: D) => { policy?: RebatePolicyFieldsFragment | null; errors: PayloadError[] },
  ): Promise<PolicyResult> => {
    const result = await pending;
    if (result.error || !result.data) return { policy: null, errors: result.error ? errorsOf(result.error) : [] };
    const payload = pick(result.data);
    return { policy: payload.policy ?? null, errors: payload.errors };
  };
  const typenames = { additionalTypenames: ['RebatePolicy'] };
  return {
    busy: computed(() => [create, update, activate, close].some((m) => m.fetching.value)),
    create: (input: RebatePolicyInput) =>
      run(create.executeMutation({ input }, typenames), (d) => d.createRebatePolicy),
    update: (input: UpdateRebatePolicyInput) => run(update.executeMutation({ input }), (d) => d.updateRebatePolicy),
    activate: (id: string, expectedVersion: number) =>
      run(activate.executeMutation({ id, expectedVersion }), (d) => d.activateRebatePolicy),
    close: (id: string, expectedVersion: number) =>
      run(close.executeMutation({ id, expectedVersion }), (d) => d.closeRebatePolicy),
  };
}

export type RebatePreviewRow = PreviewRebatePolicyQuery['previewRebatePolicy']['rows'][number];

/** `previewRebatePolicy(input, period)`: per dealer what the policy as edited would have earned. */
export function useRebatePreview() {
  const handle = useClientHandle();
  const rows = ref<RebatePreviewRow[] | null>(null);
  const errors = ref<PayloadError[]>([]);
  const busy = ref(false);
  /** The period the rows shown are for. */
  const period = ref('');
  async function run(input: RebatePolicyInput, key: string): Promise<void> {
    busy.value = true;
    const result = await handle.client
      .query(PreviewRebatePolicyDocument, { input, period: key }, { requestPolicy: 'network-only' })
      .toPromise();
    busy.value = false;
    const payload = result.data?.previewRebatePolicy;
    errors.value = result.error ? errorsOf(result.error) : (payload?.errors ?? []);
    rows.value = errors.value.length ? null : (payload?.rows ?? []);
    period.value = key;
  }
  return { rows, errors, busy, period, run };
}

/** `rebateSettlements` narrowed by period and status, with forward cursors. */
export function useRebateSettlements(filter: Ref<RebateSettlementFilter>) {
  const { cursors, variables } = filteredPage(filter);
  const query = useQuery({ query: RebateSettlementsDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.rebateSettlements),
    query,
  );
}

/** propose / approve / reject of settlements, each answering the payload's coded errors. */
export function useRebateSettlementMutations() {
  const propose = useMutation(ProposeRebateSettlementsDocument);
  const approve = useMutation(ApproveRebateSettlementDocument);
  const reject = useMutation(RejectRebateSettlementDocument);
  const typenames = { additionalTypenames: ['RebateSettlement'] };
  return {
    busy: computed(() => propose.fetching.value || approve.fetching.value || reject.fetching.value),
    async propose(period: string): Promise<{ proposed: number; errors: PayloadError[] }> {
      const result = await propose.executeMutation({ period }, typenames);
      if (result.error) return { proposed: 0, errors: errorsOf(result.error) };
      const payload = result.data?.proposeRebateSettlements;
      return { proposed: payload?.proposed ?? 0, errors: payload?.errors ?? [] };
    },
    async approve(id: string, expectedVersion: number): Promise<PayloadError[]> {
      const result = await approve.executeMutation({ input: { id, expectedVersion } }, typenames);
      if (result.error) return errorsOf(result.error);
      return result.data?.approveRebateSettlement.errors ?? [];
    },
    async reject(id: string, expectedVersion: number, reason: string): Promise<PayloadError[]> {
      const result = await reject.executeMutation({ input: { id, expectedVersion, reason } }, typenames);
      if (result.error) return errorsOf(result.error);
      return result.data?.rejectRebateSettlement.errors ?? [];
    },
  };
}
