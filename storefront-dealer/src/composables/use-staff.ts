import { useMutation, useQuery } from '@urql/vue';
import { computed, ref } from 'vue';
import type { UserRole } from '@/generated/graphql';
import {
  DisableStaffMutation,
  EnableStaffMutation,
  InviteStaffMutation,
  ResetStaffPasswordMutation,
  SetStaffRoleMutation,
  StaffQuery,
} from '@/graphql/staff';
import { session } from '@/lib/session';
import type { FieldError } from './use-network';

/** Users listed on the staff page (a dealer has a handful; the API's page maximum). */
const STAFF_PAGE = 100;
/** The roles a dealer admin may give. */
export const STAFF_ROLES: readonly UserRole[] = ['DEALER_STAFF', 'DEALER_ADMIN'];

/** A one-time link to hand over (an invitation or a password reset): shown once, never again. */
export interface IssuedLink {
  kind: 'invite' | 'reset';
  username: string;
  url: string;
  expiresAt: string | null;
}

/** Refusals of a thrown mutation (disable/enable answer the user or throw) as one FieldError. */
function thrown(error: {
  graphQLErrors: { message: string; extensions?: Record<string, unknown> }[];
  message: string;
}) {
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.code;
  return [{ code: typeof code === 'string' ? code : 'UNKNOWN', message: first?.message ?? error.message, field: null }];
}

/** "My staff": the users of the admin's own dealer and what the admin does with them. */
export function useStaff() {
  const dealerId = computed(() => session.value?.user.dealer?.id ?? '');
  const q = useQuery({
    query: StaffQuery,
    variables: computed(() => ({ dealerId: dealerId.value, first: STAFF_PAGE })),
    pause: computed(() => !dealerId.value),
    requestPolicy: 'cache-and-network',
  });
  const invite = useMutation(InviteStaffMutation);
  const reset = useMutation(ResetStaffPasswordMutation);
  const role = useMutation(SetStaffRoleMutation);
  const disable = useMutation(DisableStaffMutation);
  const enable = useMutation(EnableStaffMutation);
  const link = ref<IssuedLink | null>(null);
  const reload = () => q.executeQuery({ requestPolicy: 'network-only' });

  async function inviteUser(input: { username: string; displayName: string; role: UserRole }) {
    const r = await invite.executeMutation({ input: { ...input, username: input.username.trim() } });
    const p = r.data?.inviteUser;
    if (!p) return r.error ? thrown(r.error) : [];
    if (p.errors.length || !p.invitationUrl) return p.errors;
    link.value = {
      kind: 'invite',
      username: input.username.trim(),
      url: p.invitationUrl,
      expiresAt: p.expiresAt ?? null,
    };
    void reload();
    return null;
  }
  async function resetPassword(id: string, username: string) {
    const r = await reset.executeMutation({ id });
    const p = r.data?.resetUserPassword;
    if (!p) return r.error ? thrown(r.error) : [];
    if (p.errors.length || !p.invitationUrl) return p.errors;
    link.value = { kind: 'reset', username, url: p.invitationUrl, expiresAt: p.expiresAt ?? null };
    void reload();
    return null;
  }
  async function setRole(id: string, newRole: UserRole) {
    const r = await role.executeMutation({ input: { id, role: newRole } });
    const p = r.data?.setUserRole;
    if (!p) return r.error ? thrown(r.error) : [];
    return p.errors.length ? p.errors : null;
  }
  async function setActive(id: string, active: boolean, reason?: string): Promise<FieldError[] | null> {
    const r = active
      ? await enable.executeMutation({ id })
      : await disable.executeMutation({ id, reason: reason?.trim() || null });
    return r.error ? thrown(r.error) : null;
  }

  return {
    users: computed(() => q.data.value?.users.edges.map((e) => e.node) ?? []),
    loaded: computed(() => q.data.value !== undefined),
    fetching: q.fetching,
    error: q.error,
    refetch: reload,
    selfId: computed(() => session.value?.user.id ?? ''),
    isAdmin: computed(() => session.value?.user.role === 'DEALER_ADMIN'),
    link,
    inviteUser,
    resetPassword,
    setRole,
    setActive,
    busy: computed(
      () =>
        invite.fetching.value ||
        reset.fetching.value ||
        role.fetching.value ||
        disable.fetching.value ||
        enable.fetching.value,
    ),
  };
}
