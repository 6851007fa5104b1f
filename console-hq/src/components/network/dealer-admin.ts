import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useLocale } from '@/composables/use-locale';
import { useNetworkRole, type useDealerAdmin } from '@/composables/use-network';
import type { PayloadError } from '@/lib/cursor-stack';
import type { MutationOutcome } from '@/lib/mutation-outcome';

/** What the dealer profile's tabs receive: the administration state and actions of one dealer. */
export type DealerAdmin = ReturnType<typeof useDealerAdmin>;

/**
 * What every dealer tab uses: strings, locale, the role's rights, the loaded dealer, and one action
 * at a time with its refusals (`errors`) and success flag (`done`).
 */
export function useDealerTab(admin: DealerAdmin) {
  const errors = ref<PayloadError[]>([]);
  const done = ref(false);
  return {
    ...useI18n(),
    ...useLocale(),
    role: useNetworkRole(),
    dealer: computed(() => admin.dealer.value!),
    errors,
    done,
    /** Runs an action; true when it was written (its errors shown otherwise). */
    async run(action: () => Promise<MutationOutcome>): Promise<boolean> {
      errors.value = [];
      done.value = false;
      const outcome = await action();
      errors.value = outcome.errors;
      done.value = outcome.ok;
      return outcome.ok;
    },
  };
}
