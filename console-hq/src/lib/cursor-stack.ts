import { computed, ref } from 'vue';

/**
 * Forward cursors of a Relay connection as a stack: `next` pushes the page's endCursor, `previous`
 * pops it, so every page is the server's own page. `reset` starts again at page one.
 */
export function useCursorStack(pageSize: number) {
  const cursors = ref<(string | null)[]>([null]);
  const page = computed(() => cursors.value.length - 1);
  return {
    after: computed(() => cursors.value[cursors.value.length - 1]),
    offset: computed(() => page.value * pageSize),
    hasPrevious: computed(() => page.value > 0),
    next(endCursor: string | null | undefined) {
      if (endCursor) cursors.value = [...cursors.value, endCursor];
    },
    previous() {
      if (cursors.value.length > 1) cursors.value = cursors.value.slice(0, -1);
    },
    reset() {
      cursors.value = [null];
    },
  };
}

/** Field errors of a mutation payload (`errors[].field`), keyed by the field path. */
export interface PayloadError {
  code: string;
  message: string;
  field?: string | null;
}

export function errorsByField(errors: readonly PayloadError[]): Record<string, PayloadError[]> {
  const out: Record<string, PayloadError[]> = {};
  for (const e of errors) (out[e.field ?? ''] ??= []).push(e);
  return out;
}
