import { useMutation, useQuery } from '@urql/vue';
import type { CombinedError } from '@urql/core';
import { computed, ref, watch, type Ref } from 'vue';
import type { CreatePartnerKeyInput } from '@/generated/graphql';
import {
  CreatePartnerKeyDocument,
  PartnerKeyDealerOptionsDocument,
  PartnerKeysDocument,
  RevokePartnerKeyDocument,
} from '@/graphql/partner-keys';
import { pagedConnection, useCursorStack, type PayloadError } from '@/lib/cursor-stack';

export const PARTNER_KEYS_PAGE_SIZE = 20;

function errorOf(error: CombinedError): PayloadError {
  const e = error.graphQLErrors[0];
  const field = e?.extensions?.field;
  return {
    code: String(e?.extensions?.code ?? 'NETWORK'),
    message: e?.message ?? error.message,
    field: typeof field === 'string' ? field : null,
  };
}

/** `partnerKeys`, optionally with revoked ones, with forward cursors. */
export function usePartnerKeys(includeRevoked: Ref<boolean>) {
  const cursors = useCursorStack(PARTNER_KEYS_PAGE_SIZE);
  watch(includeRevoked, () => cursors.reset());
  const variables = computed(() => ({
    first: PARTNER_KEYS_PAGE_SIZE,
    after: cursors.after.value,
    includeRevoked: includeRevoked.value,
  }));
  const query = useQuery({ query: PartnerKeysDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.partnerKeys),
    query,
  );
}

/** Creating (the key comes back once) and revoking keys. */
export function usePartnerKeyMutations() {
  const create = useMutation(CreatePartnerKeyDocument);
  const revoke = useMutation(RevokePartnerKeyDocument);
  return {
    busy: computed(() => create.fetching.value || revoke.fetching.value),
    async create(input: CreatePartnerKeyInput): Promise<{ key: string | null; error: PayloadError | null }> {
      const result = await create.executeMutation({ input }, { additionalTypenames: ['PartnerKey'] });
      if (result.error) return { key: null, error: errorOf(result.error) };
      return { key: result.data?.createPartnerKey.key ?? null, error: null };
    },
    async revoke(id: string): Promise<PayloadError | null> {
      const result = await revoke.executeMutation({ id });
      return result.error ? errorOf(result.error) : null;
    },
  };
}

/** Dealers matching `search` (2+ characters), for the DEALER_READ dealer picker. */
export function useDealerOptions(search: Ref<string>) {
  const term = ref('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(search, (value) => {
    clearTimeout(timer);
    timer = setTimeout(() => (term.value = value.trim()), 250);
  });
  const query = useQuery({
    query: PartnerKeyDealerOptionsDocument,
    variables: computed(() => ({ search: term.value })),
    pause: computed(() => term.value.length < 2),
  });
  return {
    options: computed(() => (term.value.length < 2 ? [] : (query.data.value?.dealers.edges.map((e) => e.node) ?? []))),
    fetching: query.fetching,
  };
}
