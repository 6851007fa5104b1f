import { useMutation, useQuery } from '@urql/vue';
import { fetchDocument } from '@dnp/web-kit';
import { computed, ref, watch, type Ref } from 'vue';
import {
  ApproveCreditLimitChangeDocument,
  ChangeDealerStatusDocument,
  CreditLimitChangesDocument,
  DealerAdminDocument,
  DealerApplicationDocument,
  DealerApplicationsDocument,
  DecideGradeProposalDocument,
  GradeProposalsDocument,
  RequestCreditLimitChangeDocument,
  ReviewDealerApplicationDocument,
  ReviewQualificationDocument,
  SetDealerParentDocument,
} from '@/graphql/network';
import type {
  ApplicationStatus,
  ChangeDealerStatusInput,
  CreditLimitChangeInput,
  CreditLimitChangeStatus,
  GradeProposalStatus,
  ReviewApplicationInput,
  ReviewDecision,
  SetDealerParentInput,
} from '@/generated/graphql';
import { pagedConnection, useCursorStack } from '@/lib/cursor-stack';
import { payloadResult, type MutationOutcome } from '@/lib/mutation-outcome';
import { session } from '@/lib/session';

/** Rows per page of the network lists (applications, grade proposals, credit changes). */
export const NETWORK_PAGE_SIZE = 20;

/** The application statuses the queue filters by, in the order of an application's life. */
export const APPLICATION_STATUSES: ApplicationStatus[] = ['SUBMITTED', 'REGION_APPROVED', 'APPROVED', 'REJECTED'];

/** What the signed-in role may do on the network pages; the API checks the same rules. */
export function useNetworkRole() {
  const role = computed(() => session.value?.user.role);
  const isHq = computed(() => role.value === 'HQ_ADMIN');
  return {
    isHq,
    isManager: computed(() => role.value === 'REGION_MANAGER'),
    /** HQ and managers review applications and renewals, suspend and reinstate, and request credit changes. */
    canReview: computed(() => isHq.value || role.value === 'REGION_MANAGER'),
    canRequestCredit: computed(() => ['HQ_ADMIN', 'REGION_MANAGER', 'FINANCE_CLERK'].includes(role.value ?? '')),
    /** Managers start on their region's first reviews, HQ on the applications waiting for its final one. */
    defaultApplicationStatus: computed<ApplicationStatus>(() => (isHq.value ? 'REGION_APPROVED' : 'SUBMITTED')),
  };
}

/** A connection query over a status filter; a new status starts at page one. */
function usePagedByStatus<S, Q extends { data: Ref<unknown> }>(
  status: Ref<S | null>,
  run: (variables: Ref<{ first: number; after: string | null; status: S | null }>) => Q,
  pageSize = NETWORK_PAGE_SIZE,
) {
  const cursors = useCursorStack(pageSize);
  watch(status, () => cursors.reset());
  const variables = computed(() => ({ first: pageSize, after: cursors.after.value, status: status.value }));
  return { cursors, query: run(variables) };
}

/** `dealerApplications` of one status, oldest first. */
export function useApplications(status: Ref<ApplicationStatus | null>) {
  const { cursors, query } = usePagedByStatus(status, (variables) =>
    useQuery({ query: DealerApplicationsDocument, variables, requestPolicy: 'cache-and-network' }),
  );
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.dealerApplications),
    query,
  );
}

/** Types a licence scan is opened as in the tab; the gateway served them sniffed and sandboxed. */
const SCAN_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'];

/**
 * Opens an application's licence scan (`ApplicationDocument.url`) in a new tab. The path is checked
 * per viewer, so it is fetched with the session's token (web-kit's `fetchDocument`) and shown from a
 * local object URL; the tab is opened before the fetch, inside the click, so no popup blocker stops it.
 * `error` holds the refusal code (NOT_FOUND, NETWORK) of the last attempt.
 */
export function useApplicationDocument() {
  const error = ref<string | null>(null);
  const opening = ref<string | null>(null);
  async function open(url: string): Promise<void> {
    error.value = null;
    opening.value = url;
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    const out = await fetchDocument(url, { token: session.value?.accessToken });
    opening.value = null;
    if (!out.ok) {
      tab?.close();
      error.value = out.code;
      return;
    }
    // Shown inline only as a viewer's type: anything else (never expected: uploads are sniffed) downloads.
    const shown = SCAN_TYPES.includes(out.file.type)
      ? out.file
      : new Blob([out.file], { type: 'application/octet-stream' });
    const objectUrl = URL.createObjectURL(shown);
    if (tab) tab.location.href = objectUrl;
    else window.location.assign(objectUrl);
    // The tab has loaded it by then; the bytes are not kept around for the page's lifetime.
    setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
  }
  return { open, error, opening };
}

/** One application and its review (approve or reject with a comment; HQ's approval admits the dealer). */
export function useApplication(id: Ref<string>) {
  const query = useQuery({
    query: DealerApplicationDocument,
    variables: computed(() => ({ id: id.value })),
    requestPolicy: 'cache-and-network',
  });
  const review = useMutation(ReviewDealerApplicationDocument);
  return {
    application: computed(() => query.data.value?.dealerApplication ?? null),
    notFound: computed(() => query.data.value !== undefined && query.data.value.dealerApplication === null),
    fetching: query.fetching,
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
    busy: review.fetching,
    /** The outcome and, on HQ's admission, the one-time invitation link of the new administrator. */
    async review(input: ReviewApplicationInput): Promise<MutationOutcome & { invitationUrl: string | null }> {
      const r = await review.executeMutation({ input }, { additionalTypenames: ['DealerApplication'] });
      const payload = r.data?.reviewDealerApplication;
      return { ...payloadResult(r.error, payload), invitationUrl: payload?.invitationUrl ?? null };
    },
  };
}

/** The dealer profile's administration tabs: lifecycle, licences, grades, credit and parent, with their actions. */
export function useDealerAdmin(id: Ref<string>) {
  const query = useQuery({
    query: DealerAdminDocument,
    variables: computed(() => ({ id: id.value })),
    requestPolicy: 'cache-and-network',
  });
  const status = useMutation(ChangeDealerStatusDocument);
  const parent = useMutation(SetDealerParentDocument);
  const qualification = useMutation(ReviewQualificationDocument);
  const credit = useMutation(RequestCreditLimitChangeDocument);
  const refetch = () => query.executeQuery({ requestPolicy: 'network-only' });
  /** Every action re-reads the tabs on success (the profile's header shows status and grade too). */
  const after = async (outcome: MutationOutcome): Promise<MutationOutcome> => {
    if (outcome.ok) refetch();
    return outcome;
  };
  return {
    dealer: computed(() => query.data.value?.dealer ?? null),
    fetching: query.fetching,
    error: query.error,
    refetch,
    busy: computed(
      () => status.fetching.value || parent.fetching.value || qualification.fetching.value || credit.fetching.value,
    ),
    async changeStatus(input: ChangeDealerStatusInput) {
      const r = await status.executeMutation({ input }, { additionalTypenames: ['Dealer'] });
      return after(payloadResult(r.error, r.data?.changeDealerStatus));
    },
    async setParent(input: SetDealerParentInput) {
      const r = await parent.executeMutation({ input }, { additionalTypenames: ['Dealer'] });
      return after(payloadResult(r.error, r.data?.setDealerParent));
    },
    async reviewQualification(qualificationId: string, decision: ReviewDecision, comment: string) {
      const input = { id: qualificationId, decision, comment: comment || null };
      const r = await qualification.executeMutation({ input }, { additionalTypenames: ['Qualification'] });
      return after(payloadResult(r.error, r.data?.reviewQualification));
    },
    async requestCredit(input: CreditLimitChangeInput) {
      const r = await credit.executeMutation({ input }, { additionalTypenames: ['CreditLimitChange'] });
      return after(payloadResult(r.error, r.data?.requestCreditLimitChange));
    },
  };
}

/** `gradeProposals` of one status (PROPOSED: the open ones), newest first, and HQ's decision per row. */
export function useGradeProposals(status: Ref<GradeProposalStatus | null>, pageSize = NETWORK_PAGE_SIZE) {
  const { cursors, query } = usePagedByStatus(
    status,
    (variables) => useQuery({ query: GradeProposalsDocument, variables, requestPolicy: 'cache-and-network' }),
    pageSize,
  );
  const decide = useMutation(DecideGradeProposalDocument);
  const list = pagedConnection(
    cursors,
    computed(() => query.data.value?.gradeProposals),
    query,
  );
  return {
    ...list,
    busy: decide.fetching,
    async decide(id: string, decision: ReviewDecision, comment: string): Promise<MutationOutcome> {
      const input = { id, decision, comment: comment || null };
      const r = await decide.executeMutation({ input }, { additionalTypenames: ['GradeProposal'] });
      const outcome = payloadResult(r.error, r.data?.decideGradeProposal);
      if (outcome.ok) list.refetch();
      return outcome;
    },
  };
}

/** `creditLimitChanges` of one status (PENDING_APPROVAL: the approval queue), newest first, and the decision. */
export function useCreditChanges(status: Ref<CreditLimitChangeStatus | null>) {
  const { cursors, query } = usePagedByStatus(status, (variables) =>
    useQuery({ query: CreditLimitChangesDocument, variables, requestPolicy: 'cache-and-network' }),
  );
  const approve = useMutation(ApproveCreditLimitChangeDocument);
  const list = pagedConnection(
    cursors,
    computed(() => query.data.value?.creditLimitChanges),
    query,
  );
  return {
    ...list,
    busy: approve.fetching,
    async decide(id: string, decision: ReviewDecision, comment: string): Promise<MutationOutcome> {
      const input = { id, decision, comment: comment || null };
      const r = await approve.executeMutation({ input }, { additionalTypenames: ['CreditLimitChange'] });
      const outcome = payloadResult(r.error, r.data?.approveCreditLimitChange);
      list.refetch();
      return outcome;
    },
  };
}

/**
 * True when the signed-in user asked for this change (the API refuses its approval with
 * APPROVER_IS_REQUESTER). By id: two people may share a display name.
 */
export function isOwnRequest(requestedByUserId: string | null | undefined): boolean {
  return requestedByUserId != null && session.value?.user.id === requestedByUserId;
}
