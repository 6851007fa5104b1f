import { useMutation, useQuery } from '@urql/vue';
import { computed, watch, type Ref } from 'vue';
import { BankLinesDocument, IgnoreBankLineDocument, MatchBankLineDocument } from '@/graphql/bank';
import type { BankLineStatus } from '@/generated/graphql';
import { pagedConnection, useCursorStack } from '@/lib/cursor-stack';
import { payloadResult, type MutationOutcome } from '@/lib/mutation-outcome';

/** `bankStatementLines` of a status (the matching queue: UNMATCHED), paginated. */
export function useBankLines(status: Ref<BankLineStatus | null>) {
  const cursors = useCursorStack(20);
  watch(status, () => cursors.reset());
  const variables = computed(() => ({
    first: 20,
    after: cursors.after.value,
    filter: status.value ? { status: status.value } : {},
  }));
  const query = useQuery({ query: BankLinesDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.bankStatementLines),
    query,
  );
}

/** Match a line to a dealer, or set it aside with a reason. */
export function useBankLineActions() {
  const match = useMutation(MatchBankLineDocument);
  const ignore = useMutation(IgnoreBankLineDocument);
  const ctx = { additionalTypenames: ['BankStatementLine', 'Payment'] };
  return {
    async match(lineId: string, dealerId: string): Promise<MutationOutcome> {
      const r = await match.executeMutation({ input: { lineId, dealerId } }, ctx);
      return payloadResult(r.error, r.data?.matchBankStatementLine);
    },
    async ignore(id: string, reason: string): Promise<MutationOutcome> {
      const r = await ignore.executeMutation({ id, reason }, ctx);
      return payloadResult(r.error, r.data?.ignoreBankStatementLine);
    },
    busy: computed(() => match.fetching.value || ignore.fetching.value),
  };
}
