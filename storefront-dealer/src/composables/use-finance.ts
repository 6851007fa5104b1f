import { useMutation, useQuery } from '@urql/vue';
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import type { InvoiceStatus, StatementStatus, StoreStatementLinePageFragment as LinePage } from '@/generated/graphql';
import {
  ConfirmStatementMutation,
  DisputeStatementMutation,
  InvoiceDetailQuery,
  InvoicesQuery,
  StatementDetailQuery,
  StatementLinesQuery,
  StatementPdfQuery,
  StatementsQuery,
} from '@/graphql/finance';
import { session } from '@/lib/session';
import { urqlClient } from '@/lib/urql-client';
import { useConnection } from './use-connection';
import { businessMonth } from '@dnp/web-kit';

/** The signed-in user's own dealer id ('' for users without one). */
export function ownDealerId(): string {
  return session.value?.user.dealer?.id ?? '';
}

/** True for dealer admins: they confirm or dispute statements. */
export function isDealerAdmin(): boolean {
  return session.value?.user.role === 'DEALER_ADMIN';
}

/** The dealer's invoices, newest first, optionally of one status, 20 at a time. */
export function useInvoiceList(status: Ref<InvoiceStatus | null>) {
  return useConnection({
    query: InvoicesQuery,
    variables: () => ({
      first: 20,
      sort: 'NEWEST' as const,
      filter: { dealerId: ownDealerId(), ...(status.value ? { status: status.value } : {}) },
    }),
    select: (d) => d.invoices,
  });
}

/**
 * One invoice with its lines, VAT per rate and what settled it; `notFound` when it is not the
 * dealer's or does not exist.
 */
export function useInvoice(id: Ref<string>) {
  const q = useQuery({ query: InvoiceDetailQuery, variables: computed(() => ({ id: id.value })) });
  return {
    invoice: computed(() => q.data.value?.invoice ?? null),
    fetching: q.fetching,
    error: q.error,
    notFound: computed(
      () =>
        q.error.value?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND') === true ||
        (q.data.value !== undefined && q.data.value.invoice === null),
    ),
    refetch: () => q.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** The dealer's issued statements, newest month first, optionally of one status, 12 at a time. */
export function useStatementList(status: Ref<StatementStatus | null>) {
  return useConnection({
    query: StatementsQuery,
    variables: () => ({
      first: 12,
      filter: { dealerId: ownDealerId(), ...(status.value ? { status: status.value } : {}) },
    }),
    select: (d) => d.statements,
  });
}

/**
 * One month's statement of the dealer (LIVE while the month is open; null when it had nothing) with
 * its lines, the first 100 at once and `loadMoreLines()` for the next 100.
 */
export function useStatement(period: Ref<string>) {
  const q = useQuery({
    query: StatementDetailQuery,
    variables: computed(() => ({ dealerId: ownDealerId(), period: period.value })),
    requestPolicy: 'cache-and-network',
  });
  const more = shallowRef<LinePage[]>([]);
  const loadingLines = ref(false);
  watch(
    () => q.data.value,
    () => (more.value = []),
  );
  const pages = computed(() => {
    const first = q.data.value?.statement?.lines;
    return first ? [first, ...more.value] : [];
  });
  async function loadMoreLines(): Promise<void> {
    const last = pages.value[pages.value.length - 1];
    if (!last?.pageInfo.hasNextPage || loadingLines.value) return;
    loadingLines.value = true;
    const r = await urqlClient.value
      .query(StatementLinesQuery, { dealerId: ownDealerId(), period: period.value, after: last.pageInfo.endCursor })
      .toPromise();
    loadingLines.value = false;
    const page = r.data?.statement?.lines;
    if (page) more.value = [...more.value, page];
  }
  return {
    statement: computed(() => q.data.value?.statement ?? null),
    lines: computed(() => pages.value.flatMap((p) => p.edges.map((e) => e.node))),
    lineCount: computed(() => pages.value[0]?.totalCount ?? 0),
    hasMoreLines: computed(() => pages.value[pages.value.length - 1]?.pageInfo.hasNextPage === true),
    loadingLines,
    loadMoreLines,
    fetching: q.fetching,
    error: q.error,
    loaded: computed(() => q.data.value !== undefined),
    refetch: () => q.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** A refusal of a statement action: its code (NETWORK when the request itself failed). */
export interface StatementActionError {
  code: string;
  field: string | null;
}

/** Confirm or dispute a statement (dealer admins); each returns the refusals, empty on success. */
export function useStatementActions() {
  const confirmM = useMutation(ConfirmStatementMutation);
  const disputeM = useMutation(DisputeStatementMutation);
  const failed = (code: unknown): StatementActionError[] => [
    { code: typeof code === 'string' ? code : 'NETWORK', field: null },
  ];
  async function confirm(id: string, comment: string): Promise<StatementActionError[]> {
    const r = await confirmM.executeMutation({ id, comment: comment.trim() || null });
    return r.data?.confirmStatement.errors ?? failed(r.error?.graphQLErrors[0]?.extensions?.code);
  }
  async function dispute(id: string, comment: string): Promise<StatementActionError[]> {
    const r = await disputeM.executeMutation({ id, comment: comment.trim() });
    return r.data?.disputeStatement.errors ?? failed(r.error?.graphQLErrors[0]?.extensions?.code);
  }
  return { confirm, dispute, busy: computed(() => confirmM.fetching.value || disputeM.fetching.value) };
}

/** The business month now ("2026-12"): months turn at midnight in the brand's zone, as finance counts them. */
export function currentPeriod(now = new Date()): string {
  return businessMonth(now);
}

/**
 * Downloads a month's statement as PDF, saved as statement-<dealer code>-<period>.pdf; answers
 * false when it could not be fetched.
 */
export async function downloadStatementPdf(period: string): Promise<boolean> {
  const r = await urqlClient.value
    .query(StatementPdfQuery, { dealerId: ownDealerId(), period }, { requestPolicy: 'network-only' })
    .toPromise();
  const s = r.data?.statement;
  if (!s) return false;
  const bytes = Uint8Array.from(atob(s.pdf.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: s.pdf.contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `statement-${s.dealer.code}-${String(s.period)}.pdf`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return true;
}
