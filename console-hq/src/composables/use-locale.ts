import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { setLocale, type AppLocale } from '@/i18n';

/** Current locale, a switch, and helpers for API names that come in zh (`name`) and en (`nameEn`). */
export function useLocale() {
  const { locale } = useI18n();
  const current = computed(() => locale.value as AppLocale);
  const isEn = computed(() => current.value === 'en');
  /** The locale-appropriate name of anything with `name` / `nameEn`. */
  function ln(item: { name: string; nameEn?: string | null } | null | undefined): string {
    if (!item) return '—';
    return isEn.value && item.nameEn ? item.nameEn : item.name;
  }
  return { locale: current, isEn, ln, setLocale: (l: AppLocale) => setLocale(l) };
}
