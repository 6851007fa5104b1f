import type { CombinedError } from '@urql/vue';
import type { PayloadError } from '@/lib/cursor-stack';

/** What a mutation came to: written, or refused with coded errors (payload or transport). */
export interface MutationOutcome {
  ok: boolean;
  errors: PayloadError[];
}

/**
 * Folds a mutation's transport error and its payload's `errors` into one outcome, so every form
 * shows refusals the same way: a GraphQL error by its `extensions.code`, a payload error by its
 * own code and field.
 */
export function payloadResult(
  error: CombinedError | undefined,
  payload: { errors: readonly PayloadError[] } | null | undefined,
): MutationOutcome {
  if (error) {
    const e = error.graphQLErrors[0];
    return {
      ok: false,
      errors: [{ code: String(e?.extensions?.code ?? 'NETWORK'), message: e?.message ?? error.message }],
    };
  }
  if (!payload) return { ok: false, errors: [{ code: 'UNKNOWN', message: '' }] };
  return { ok: payload.errors.length === 0, errors: [...payload.errors] };
}
