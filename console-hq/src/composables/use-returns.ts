import { useMutation, useQuery } from '@urql/vue';
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ReceiveReturnDocument, ReturnDetailDocument, ReturnsDocument, ReviewReturnDocument } from '@/graphql/returns';
import type { ReceiveReturnInput, ReturnStatus, ReviewReturnInput } from '@/generated/graphql';
import { errorsByField, pagedConnection, useCursorStack, type PayloadError } from '@/lib/cursor-stack';
import { payloadResult, type MutationOutcome } from '@/lib/mutation-outcome';
import { session } from '@/lib/session';

export const RETURNS_PAGE_SIZE = 20;
/** How often, and how many times, a received return is re-read until its credit note is issued. */
const CREDIT_POLL_MS = 1500;
const CREDIT_POLLS = 40;

/** Every status of a return, in the order of its life. */
export const RETURN_STATUSES: ReturnStatus[] = ['REQUESTED', 'APPROVED', 'RECEIVED', 'CREDITED', 'REJECTED'];

/** Who may do what on the returns pages; the API checks the same (reviewReturn HQ, receiveReturn HQ or operator). */
export function useReturnsRole() {
  const role = computed(() => session.value?.user.role);
  return {
    // Operators read neither dealers nor finance documents: those fields are left out of their queries.
    full: computed(() => role.value !== 'WAREHOUSE_OPERATOR'),
    canReview: computed(() => role.value === 'HQ_ADMIN'),
    canReceive: computed(() => role.value === 'HQ_ADMIN' || role.value === 'WAREHOUSE_OPERATOR'),
    /** The status a role's queue starts on: HQ reviews the requested, an operator receives the approved. */
    defaultStatus: computed<ReturnStatus>(() => (role.value === 'WAREHOUSE_OPERATOR' ? 'APPROVED' : 'REQUESTED')),
  };
}

/** Narrowing of the returns list (null: any). */
export interface ReturnListState {
  status: ReturnStatus | null;
  dealerId: string | null;
  warehouseId: string | null;
}

/** `returns`, newest first, filtered by status, dealer and target warehouse; a new filter starts at page one. */
export function useReturns(state: Ref<ReturnListState>) {
  const { full } = useReturnsRole();
  const cursors = useCursorStack(RETURNS_PAGE_SIZE);
  watch(state, () => cursors.reset(), { deep: true });
  const variables = computed(() => ({
    first: RETURNS_PAGE_SIZE,
    after: cursors.after.value,
    full: full.value,
    filter: {
      ...(state.value.status ? { status: [state.value.status] } : {}),
      ...(state.value.dealerId && full.value ? { dealerId: state.value.dealerId } : {}),
      ...(state.value.warehouseId ? { warehouseId: state.value.warehouseId } : {}),
    },
  }));
  const query = useQuery({ query: ReturnsDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.returns),
    query,
  );
}

/**
 * One return with its lines. No event reaches the console for returns, so the page re-reads after
 * each action, and a RECEIVED return (its credit note on the way) is re-read until CREDITED.
 */
export function useReturnDetail(id: Ref<string>) {
  const { full } = useReturnsRole();
  const query = useQuery({
    query: ReturnDetailDocument,
    variables: computed(() => ({ id: id.value, full: full.value })),
    requestPolicy: 'cache-and-network',
  });
  const ret = computed(() => query.data.value?.returnRequest ?? null);
  const refetch = () => query.executeQuery({ requestPolicy: 'network-only' });
  let timer: ReturnType<typeof setInterval> | undefined;
  let polls = 0;
  watch(
    () => ret.value?.status,
    (status) => {
      clearInterval(timer);
      if (status !== 'RECEIVED') return;
      polls = 0;
      timer = setInterval(() => (++polls > CREDIT_POLLS ? clearInterval(timer) : void refetch()), CREDIT_POLL_MS);
    },
  );
  onBeforeUnmount(() => clearInterval(timer));
  const notFound = computed(
    () =>
      (query.error.value?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND') ?? false) ||
      (query.data.value !== undefined && !query.data.value.returnRequest),
  );
  return {
    ret,
    notFound,
    error: computed(() => (notFound.value ? null : query.error.value)),
    refetch,
  };
}

/** A return line as the detail page passes it to its components. */
export type ReturnDetailLine = NonNullable<ReturnType<typeof useReturnDetail>['ret']['value']>['lines'][number];
/** A return as the detail page passes it to its components. */
export type ReturnDetail = NonNullable<ReturnType<typeof useReturnDetail>['ret']['value']>;

/** Units of the line's order line the dealer signed for in the line's shipment (null: not delivered). */
export function deliveredQuantity(line: ReturnDetailLine): number | null {
  const shipped = line.shipment?.lines.find((l) => l.orderLine.id === line.orderLine.id);
  return shipped?.receivedQuantity ?? null;
}

/** `reviewReturn` and `receiveReturn`: refusals by code and field (`lines[0].acceptedQuantity`, `warehouseId`). */
export function useReturnActions() {
  const review = useMutation(ReviewReturnDocument);
  const receive = useMutation(ReceiveReturnDocument);
  const opts = { additionalTypenames: ['ReturnRequest'] };
  return {
    async review(input: ReviewReturnInput): Promise<MutationOutcome> {
      const result = await review.executeMutation({ input }, opts);
      return payloadResult(result.error, result.data?.reviewReturn);
    },
    async receive(input: ReceiveReturnInput): Promise<MutationOutcome> {
      const result = await receive.executeMutation({ input }, opts);
      return payloadResult(result.error, result.data?.receiveReturn);
    },
    busy: computed(() => review.fetching.value || receive.fetching.value),
  };
}

/** Where the returns forms' refusal texts live. */
export const RETURN_ERRORS = 'returns.errors';

/** A returns form's refusals: by field for `FieldErrors`, the rest (`general`) above its buttons. */
export function useReturnFormErrors() {
  const { t, te } = useI18n();
  const errors = ref<PayloadError[]>([]);
  return {
    errors,
    byField: computed(() => errorsByField(errors.value)),
    general: computed(() => errors.value.filter((e) => !e.field || e.field === 'lines')),
    text: (e: PayloadError) => (te(`${RETURN_ERRORS}.${e.code}`) ? t(`${RETURN_ERRORS}.${e.code}`) : e.message),
  };
}
