import { useClientHandle, useMutation, useQuery } from '@urql/vue';
import { computed, reactive, ref } from 'vue';
import type {
  BusinessScope,
  DealerLevel,
  QualificationKind,
  StoreQualificationFieldsFragment,
} from '@/generated/graphql';
import {
  AcceptInvitationMutation,
  ApplyRegionsQuery,
  MyDealerNetworkQuery,
  MyQualificationsQuery,
} from '@/graphql/network';
import { SubmitApplicationMutation, SubmitRenewalMutation } from '@/graphql/network';
import { saveSession, session, STORE_ROLES } from '@/lib/session';
import { uploadFile, UploadError, type UploadPurpose } from '@/lib/upload';
import { resetUrqlClient } from '@/lib/urql-client';

/** One refusal as a form shows it: the code, the server's message, the input field it concerns. */
export interface FieldError {
  code: string;
  message: string;
  field: string | null;
}

/** Days before expiry when the licence page warns (the alerts' thresholds). */
export const EXPIRY_WARN_DAYS = [30, 7] as const;

/** The licence kinds the law requires for a business scope (mirrors the dealers subgraph; it decides). */
export function requiredKinds(scopes: readonly BusinessScope[]): QualificationKind[] {
  const kinds: QualificationKind[] = ['BUSINESS_LICENSE'];
  if (scopes.includes('FOOD')) kinds.push('FOOD_DISTRIBUTION_LICENSE');
  if (scopes.includes('DRUG')) kinds.push('GSP_CERTIFICATE');
  return kinds;
}

/** One file being uploaded for a form: its state and, once stored, the id the mutation names. */
export interface UploadSlot {
  fileName: string;
  uploadId: string | null;
  busy: boolean;
  error: string | null;
}

/** Uploads `file` into `slot` (state shown as it goes). `retry` runs once before a second try on an expired token. */
export async function uploadInto(
  slot: UploadSlot,
  file: File,
  purpose: UploadPurpose,
  retry?: () => Promise<unknown>,
): Promise<void> {
  Object.assign(slot, { fileName: file.name, uploadId: null, busy: true, error: null });
  try {
    slot.uploadId = (await uploadFile(file, purpose)).uploadId;
  } catch (err) {
    const code = err instanceof UploadError ? err.code : 'UPLOAD_FAILED';
    if (retry && (code === 'TOKEN_EXPIRED' || code === 'UNAUTHENTICATED')) {
      await retry();
      return uploadInto(slot, file, purpose);
    }
    slot.error = code;
  } finally {
    slot.busy = false;
  }
}

/** A licence row of the application form. */
export interface ApplicationDocumentDraft {
  kind: QualificationKind;
  number: string;
  issuer: string;
  validUntil: string;
  upload: UploadSlot;
}

const ALL_KINDS: readonly QualificationKind[] = ['BUSINESS_LICENSE', 'FOOD_DISTRIBUTION_LICENSE', 'GSP_CERTIFICATE'];
const emptySlot = (): UploadSlot => ({ fileName: '', uploadId: null, busy: false, error: null });

/** The public application form: its fields, licence rows following the business scope, and submission. */
export function useApplication() {
  const regions = useQuery({ query: ApplyRegionsQuery });
  const mutation = useMutation(SubmitApplicationMutation);
  const form = reactive({
    companyName: '',
    companyNameEn: '',
    creditCode: '',
    legalRepresentative: '',
    address: '',
    levelApplied: 'RETAILER' as DealerLevel,
    regionId: '',
    parentDealerCode: '',
    contactName: '',
    contactPhone: '',
    contactEmail: '',
    businessScopes: ['GENERAL'] as BusinessScope[],
    wantsWarehouse: false,
    note: '',
  });
  // A row per kind kept while the scope changes, so unticking and ticking again loses nothing typed.
  const documents = reactive(
    Object.fromEntries(
      ALL_KINDS.map((kind) => [kind, { kind, number: '', issuer: '', validUntil: '', upload: emptySlot() }]),
    ),
  ) as Record<QualificationKind, ApplicationDocumentDraft>;
  const docs = computed(() => requiredKinds(form.businessScopes).map((kind) => documents[kind]));
  const errors = ref<FieldError[]>([]);
  const number = ref<string | null>(null);
  const failed = ref(false);

  async function submit(): Promise<void> {
    failed.value = false;
    const list = docs.value;
    const opt = (s: string) => s.trim() || null;
    const result = await mutation.executeMutation({
      input: {
        ...form,
        companyNameEn: opt(form.companyNameEn),
        parentDealerCode: opt(form.parentDealerCode),
        contactEmail: opt(form.contactEmail),
        note: opt(form.note),
        documents: list.map((d) => ({
          kind: d.kind,
          number: d.number.trim(),
          issuer: d.issuer.trim(),
          validUntil: d.validUntil,
          uploadId: d.upload.uploadId ?? '',
        })),
      },
    });
    const payload = result.data?.submitDealerApplication;
    if (!payload) {
      const field = result.error?.graphQLErrors[0]?.extensions?.field;
      const message = result.error?.graphQLErrors[0]?.message ?? '';
      if (typeof field === 'string') errors.value = [{ code: 'BAD_USER_INPUT', message, field }];
      else failed.value = true;
      return;
    }
    errors.value = payload.errors;
    number.value = payload.number ?? null;
  }

  return {
    regions: computed(() => regions.data.value?.regions ?? []),
    regionsLoading: regions.fetching,
    regionsFailed: computed(() => !!regions.error.value && !regions.data.value?.regions),
    reloadRegions: () => regions.executeQuery({ requestPolicy: 'network-only' }),
    form,
    docs,
    errors,
    number,
    failed,
    submitting: mutation.fetching,
    submit,
  };
}

/** Why accepting an invitation failed: a code under network.invite.errors.* */
export type InviteErrorCode =
  'INVITATION_INVALID' | 'PASSWORD_TOO_WEAK' | 'ACCOUNT_DISABLED' | 'WRONG_ROLE' | 'UNKNOWN';
const INVITE_CODES = new Set<string>(['INVITATION_INVALID', 'PASSWORD_TOO_WEAK', 'ACCOUNT_DISABLED']);

/** Sets the invited user's password and signs it in (dealer users only keep the session). */
export function useAcceptInvitation() {
  const mutation = useMutation(AcceptInvitationMutation);
  async function accept(token: string, password: string): Promise<{ code: InviteErrorCode; message: string } | null> {
    const result = await mutation.executeMutation({ input: { token, password } });
    const payload = result.data?.acceptInvitation;
    if (payload) {
      if (!STORE_ROLES.includes(payload.user.role)) return { code: 'WRONG_ROLE', message: '' };
      resetUrqlClient();
      saveSession({
        accessToken: payload.accessToken,
        refreshToken: payload.refreshToken,
        expiresAt: payload.expiresAt,
        user: payload.user,
      });
      return null;
    }
    const error = result.error?.graphQLErrors[0];
    const code = error?.extensions?.code;
    return {
      code: typeof code === 'string' && INVITE_CODES.has(code) ? (code as InviteErrorCode) : 'UNKNOWN',
      message: error?.message ?? '',
    };
  }
  return { accept, accepting: mutation.fetching };
}

/**
 * The signed-in dealer's ordering block (null: it may order), whether it sells to sub-dealers (and the user
 * administers that: reviews and rules are the admin's), and its parent's id (null: it buys from the brand only).
 */
export function useDealerNetwork() {
  const q = useQuery({ query: MyDealerNetworkQuery, requestPolicy: 'cache-and-network' });
  const dealer = computed(() => q.data.value?.me?.dealer ?? null);
  const isSeller = computed(() => (dealer.value?.children.length ?? 0) > 0);
  return {
    block: computed(() => dealer.value?.orderingBlock ?? null),
    isSeller,
    isSellerAdmin: computed(() => isSeller.value && session.value?.user.role === 'DEALER_ADMIN'),
    parentId: computed(() => dealer.value?.parentId ?? null),
    loaded: computed(() => q.data.value !== undefined),
  };
}

/** The banner a licence gets: expired, or expiring within 7 or 30 days; null when neither. */
export function expiryLevel(q: Pick<StoreQualificationFieldsFragment, 'expired' | 'expiresInDays' | 'status'>) {
  if (q.status !== 'ACTIVE') return null;
  if (q.expired) return 'expired' as const;
  const within = EXPIRY_WARN_DAYS.filter((d) => q.expiresInDays < d);
  return within.length ? (`days${Math.min(...within)}` as 'days7' | 'days30') : null;
}

/** The dealer's licences (current ones first), its ordering block, and a renewal with its upload. */
export function useQualifications() {
  const q = useQuery({ query: MyQualificationsQuery, requestPolicy: 'cache-and-network' });
  const client = useClientHandle().client;
  const renewMutation = useMutation(SubmitRenewalMutation);
  const reload = () => q.executeQuery({ requestPolicy: 'network-only' });
  const all = computed(() => q.data.value?.me?.dealer?.qualifications ?? []);
  const pendingFor = (id: string) => all.value.find((r) => r.status === 'PENDING_REVIEW' && r.replaces?.id === id);

  /** Uploads the renewal's file; an expired token is refreshed by a query through the client, then retried. */
  function upload(slot: UploadSlot, file: File): Promise<void> {
    return uploadInto(slot, file, 'QUALIFICATION_DOCUMENT', () =>
      client.query(MyDealerNetworkQuery, {}, { requestPolicy: 'network-only' }).toPromise(),
    );
  }
  async function renew(input: {
    qualificationId: string;
    number: string;
    issuer: string;
    validUntil: string;
    uploadId: string;
  }): Promise<FieldError[] | null> {
    const result = await renewMutation.executeMutation({ input });
    const payload = result.data?.submitQualificationRenewal;
    if (!payload) return [{ code: 'UNKNOWN', message: result.error?.message ?? '', field: null }];
    if (payload.errors.length) return payload.errors;
    await reload();
    return null;
  }

  return {
    current: computed(() => all.value.filter((r) => r.status === 'ACTIVE')),
    others: computed(() => all.value.filter((r) => r.status !== 'ACTIVE')),
    pendingFor,
    block: computed(() => q.data.value?.me?.dealer?.orderingBlock ?? null),
    loaded: computed(() => q.data.value !== undefined),
    error: q.error,
    fetching: q.fetching,
    refetch: reload,
    upload,
    renew,
    renewing: renewMutation.fetching,
  };
}
