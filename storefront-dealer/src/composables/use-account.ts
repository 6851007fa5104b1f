import { useQuery, useSubscription } from '@urql/vue';
import { computed, ref } from 'vue';
import type { StorePaymentListFieldsFragment } from '@/generated/graphql';
import { AccountQuery, PaymentRecordedLiveSubscription } from '@/graphql/finance';
import { toMinor, type Money } from '@/lib/money';
import { ownDealerId } from './use-finance';

/** Payments read for the balance; the newest few of them are listed as recent. */
const PAYMENTS_READ = 50;
const RECENT_PAYMENTS = 5;
/**
 * Days past due after which finance refuses new credit (its OVERDUE_BLOCK_DAYS default). The API
 * does not publish CreditAccount.orderingBlock yet, so the banner applies the default rule itself.
 */
const BLOCK_DAYS = 90;

/** Minor units back to a Money amount string ("-12.30"). */
function fromMinor(minor: bigint, currency: string): Money {
  const sign = minor < 0n ? '-' : '';
  const abs = minor < 0n ? -minor : minor;
  return { amount: `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`, currency };
}
const sum = (items: readonly Money[], currency: string) =>
  fromMinor(
    items.reduce((s, m) => s + toMinor(m.amount), 0n),
    currency,
  );

/**
 * The signed-in dealer's account: limit, open receivables (credit used = the sum of its open
 * invoices), held, balance (unallocated payments), available, overdue with the ordering block, and
 * recent payments. Live: each `paymentRecorded` reloads the figures and leaves a notice with the
 * payment and the available credit after it.
 */
export function useAccount() {
  const q = useQuery({
    query: AccountQuery,
    variables: computed(() => ({ dealerId: ownDealerId(), payments: PAYMENTS_READ })),
    requestPolicy: 'cache-and-network',
  });
  const account = computed(() => q.data.value?.myCreditAccount ?? null);
  const currency = computed(() => account.value?.currency ?? 'CNY');
  const payments = computed(() => q.data.value?.payments.edges.map((e) => e.node) ?? []);
  const overdueInvoices = computed(() => q.data.value?.overdueInvoices.edges.map((e) => e.node) ?? []);
  const overdue = computed(() =>
    sum(
      overdueInvoices.value.map((i) => i.outstanding),
      currency.value,
    ),
  );
  const balance = computed(() =>
    sum(
      payments.value.map((p) => p.unallocated),
      currency.value,
    ),
  );
  const maxDaysOverdue = computed(() => Math.max(0, ...overdueInvoices.value.map((i) => i.daysOverdue)));

  // The notice waits for the reload so that it quotes the available credit after the payment.
  const pendingPayment = ref<StorePaymentListFieldsFragment | null>(null);
  const livePayment = ref<{ amount: Money; available: Money } | null>(null);
  useSubscription({ query: PaymentRecordedLiveSubscription }, (_prev, data) => {
    pendingPayment.value = data.paymentRecorded;
    void q.executeQuery({ requestPolicy: 'network-only' }).then(() => {
      const p = pendingPayment.value;
      if (p && account.value) livePayment.value = { amount: p.amount, available: account.value.available };
    });
    return data;
  });

  return {
    account,
    loaded: computed(() => q.data.value !== undefined),
    fetching: q.fetching,
    error: q.error,
    openReceivables: computed(() => account.value?.used ?? null),
    balance,
    overdue,
    overdueCount: computed(() => q.data.value?.overdueInvoices.totalCount ?? 0),
    blocked: computed(() => maxDaysOverdue.value > BLOCK_DAYS),
    recentPayments: computed(() => payments.value.slice(0, RECENT_PAYMENTS)),
    livePayment: computed(() => livePayment.value),
    dismissLive: () => (livePayment.value = null),
    refetch: () => q.executeQuery({ requestPolicy: 'network-only' }),
  };
}
