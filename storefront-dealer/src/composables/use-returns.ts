import { useMutation } from '@urql/vue';
import type { RequestReturnInput, ReturnReason, ReturnStatus } from '@/generated/graphql';
import { RequestReturnMutation, ReturnsQuery } from '@/graphql/returns';
import { useConnection } from './use-connection';
import { ownDealerId } from './use-finance';

/** Reasons a dealer may give, in the order the form lists them. */
export const RETURN_REASONS: readonly ReturnReason[] = [
  'DAMAGED',
  'QUALITY',
  'WRONG_ITEM',
  'NEAR_EXPIRY',
  'SHORT_DELIVERED',
  'OTHER',
];

/** The dealer's returns, newest first, optionally of one status, 20 at a time. */
export function useReturnList(status: () => ReturnStatus | null) {
  return useConnection({
    query: ReturnsQuery,
    variables: () => ({
      first: 20,
      filter: { dealerId: ownDealerId(), ...(status() ? { status: [status()!] } : {}) },
    }),
    select: (d) => d.returns,
  });
}

/** A refusal of requestReturn: its code and the input field it names. */
export interface ReturnError {
  code: string;
  field: string | null;
}

/** Requests a return; answers the new request's number, or the refusals. */
export function useRequestReturn() {
  const m = useMutation(RequestReturnMutation);
  async function request(input: RequestReturnInput): Promise<{ number: string | null; errors: ReturnError[] }> {
    const r = await m.executeMutation({ input });
    const payload = r.data?.requestReturn;
    if (payload) return { number: payload.returnRequest?.number ?? null, errors: payload.errors };
    const code = r.error?.graphQLErrors[0]?.extensions?.code;
    return { number: null, errors: [{ code: typeof code === 'string' ? code : 'NETWORK', field: null }] };
  }
  return { request, requesting: m.fetching };
}
