import { useMutation, useQuery, useSubscription } from '@urql/vue';
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import {
  FinanceDealersDocument,
  InvoiceDetailDocument,
  InvoicesDocument,
  LivePaymentRecordedDocument,
  PaymentsDocument,
  ReceivablesAgingDocument,
  RecordPaymentDocument,
  RespondToStatementDisputeDocument,
  RunStatementsDocument,
  StatementDetailDocument,
  StatementsDocument,
} from '@/graphql/finance';
import type {
  AgingGroup,
  InvoiceSort,
  InvoiceStatus,
  LivePaymentRecordedSubscription,
  RecordPaymentInput,
} from '@/generated/graphql';
import { pagedConnection, useCursorStack } from '@/lib/cursor-stack';
import { payloadResult, type MutationOutcome } from '@/lib/mutation-outcome';

export const FINANCE_PAGE_SIZE = 20;

/** A list page's query: filters as a computed; a new filter starts again at page one. */
function usePagedList<V extends object>(filters: Ref<V>) {
  const cursors = useCursorStack(FINANCE_PAGE_SIZE);
  watch(filters, () => cursors.reset(), { deep: true });
  const variables = computed(() => ({ first: FINANCE_PAGE_SIZE, after: cursors.after.value, ...filters.value }));
  return { cursors, variables };
}

/** Narrowing of the invoice list. */
export interface InvoiceListState {
  dealerId: string | null;
  status: InvoiceStatus | null;
  sort: InvoiceSort;
}

/** `invoices`, filtered by dealer and status, newest or due soonest first. */
export function useInvoices(state: Ref<InvoiceListState>) {
  const filters = computed(() => ({
    sort: state.value.sort,
    filter: {
      ...(state.value.dealerId ? { dealerId: state.value.dealerId } : {}),
      ...(state.value.status ? { status: state.value.status } : {}),
    },
  }));
  const { cursors, variables } = usePagedList(filters);
  const query = useQuery({ query: InvoicesDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.invoices),
    query,
  );
}

/** True when a query failed only because the row is outside the scope or unknown. */
function notFoundOf(query: { error: Ref<{ graphQLErrors: { extensions?: { code?: unknown } }[] } | undefined> }) {
  return computed(() => query.error.value?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND') ?? false);
}

/** One invoice with its payments. */
export function useInvoiceDetail(id: Ref<string>) {
  const query = useQuery({
    query: InvoiceDetailDocument,
    variables: computed(() => ({ id: id.value })),
    requestPolicy: 'cache-and-network',
  });
  const notFound = computed(
    () => notFoundOf(query).value || (query.data.value !== undefined && !query.data.value.invoice),
  );
  return {
    invoice: computed(() => query.data.value?.invoice ?? null),
    notFound,
    error: computed(() => (notFound.value ? null : query.error.value)),
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** `payments`, optionally of one dealer, newest first. */
export function usePayments(dealerId: Ref<string | null>) {
  const filters = computed(() => ({ filter: dealerId.value ? { dealerId: dealerId.value } : {} }));
  const { cursors, variables } = usePagedList(filters);
  const query = useQuery({ query: PaymentsDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.payments),
    query,
  );
}

/** The dealers the viewer may pick (payment form, filters). */
export function useFinanceDealers() {
  const query = useQuery({ query: FinanceDealersDocument, variables: { first: 100 } });
  return { dealers: computed(() => query.data.value?.dealers.edges.map((e) => e.node) ?? []) };
}

/** A dealer's open invoices, due soonest first: what a payment may be allocated to. */
export function useOpenInvoices(dealerId: Ref<string | null>) {
  const query = useQuery({
    query: InvoicesDocument,
    variables: computed(() => ({ first: 50, sort: 'DUE_SOONEST' as const, filter: { dealerId: dealerId.value } })),
    pause: computed(() => !dealerId.value),
    requestPolicy: 'network-only',
  });
  return {
    invoices: computed(
      () => query.data.value?.invoices.edges.map((e) => e.node).filter((i) => i.status !== 'PAID') ?? [],
    ),
    loaded: computed(() => !dealerId.value || query.data.value !== undefined),
  };
}

/** `recordPayment`: one idempotency key per filled form, so a retried click records once. */
export function useRecordPayment() {
  const mutation = useMutation(RecordPaymentDocument);
  async function record(input: RecordPaymentInput): Promise<MutationOutcome & { reference?: string; amount?: string }> {
    const result = await mutation.executeMutation({ input }, { additionalTypenames: ['Payment', 'Invoice'] });
    const payload = result.data?.recordPayment;
    const outcome = payloadResult(result.error, payload);
    return { ...outcome, reference: payload?.payment?.reference, amount: payload?.payment?.amount.amount };
  }
  return { record, busy: mutation.fetching };
}

/** Calls `onPayment` (debounced) for every payment recorded in the viewer's scope. */
export function useLivePayments(onPayment: (p: LivePaymentRecordedSubscription['paymentRecorded']) => void) {
  const last = ref<LivePaymentRecordedSubscription['paymentRecorded'] | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  useSubscription({ query: LivePaymentRecordedDocument }, (_prev, data) => {
    last.value = data.paymentRecorded;
    clearTimeout(timer);
    timer = setTimeout(() => last.value && onPayment(last.value), 250);
    return data;
  });
  onBeforeUnmount(() => clearTimeout(timer));
  return { last };
}

/** `statements` of a period (and status). */
export function useStatements(period: Ref<string>, status: Ref<string | null>) {
  const filters = computed(() => ({
    filter: { period: period.value, ...(status.value ? { status: status.value as 'ISSUED' } : {}) },
  }));
  const { cursors, variables } = usePagedList(filters);
  const query = useQuery({
    query: StatementsDocument,
    variables,
    pause: computed(() => !/^\d{4}-\d{2}$/.test(period.value)),
    requestPolicy: 'cache-and-network',
  });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.statements),
    query,
  );
}

/** `runStatements(period)`: issues the month's statements (idempotent). */
export function useRunStatements() {
  const mutation = useMutation(RunStatementsDocument);
  async function run(period: string): Promise<MutationOutcome & { issued: number; alreadyClosed: boolean }> {
    const result = await mutation.executeMutation({ period }, { additionalTypenames: ['Statement'] });
    const payload = result.data?.runStatements;
    return {
      ...payloadResult(result.error, payload),
      issued: payload?.issued ?? 0,
      alreadyClosed: payload?.alreadyClosed ?? false,
    };
  }
  return { run, busy: mutation.fetching };
}

/** One dealer's statement of a month, its lines paginated. */
export function useStatementDetail(dealerId: Ref<string>, period: Ref<string>) {
  const cursors = useCursorStack(50);
  const query = useQuery({
    query: StatementDetailDocument,
    variables: computed(() => ({
      dealerId: dealerId.value,
      period: period.value,
      first: 50,
      after: cursors.after.value,
    })),
    requestPolicy: 'cache-and-network',
  });
  const statement = computed(() => query.data.value?.statement ?? null);
  const notFound = computed(() => notFoundOf(query).value || (query.data.value !== undefined && !statement.value));
  return {
    statement,
    notFound,
    error: computed(() => (notFound.value ? null : query.error.value)),
    lines: pagedConnection(
      cursors,
      computed(() => statement.value?.lines),
      query,
    ),
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** HQ answers a disputed statement. */
export function useRespondToDispute() {
  const mutation = useMutation(RespondToStatementDisputeDocument);
  async function respond(id: string, comment: string): Promise<MutationOutcome> {
    const result = await mutation.executeMutation({ id, comment }, { additionalTypenames: ['Statement'] });
    return payloadResult(result.error, result.data?.respondToStatementDispute);
  }
  return { respond, busy: mutation.fetching };
}

/** `receivablesAging` per region (children of `regionId`) or per dealer of `regionId`. */
export function useAging(groupBy: Ref<AgingGroup>, regionId: Ref<string | null>) {
  const filters = computed(() => ({ groupBy: groupBy.value, regionId: regionId.value }));
  const { cursors, variables } = usePagedList(filters);
  const query = useQuery({ query: ReceivablesAgingDocument, variables, requestPolicy: 'cache-and-network' });
  const report = computed(() => query.data.value?.receivablesAging ?? null);
  return {
    report,
    ...pagedConnection(
      cursors,
      computed(() => report.value?.rows),
      query,
    ),
  };
}
