import { useMutation, useQuery } from '@urql/vue';
import { computed, watch, type Ref } from 'vue';
import {
  DisableUserDocument,
  EnableUserDocument,
  InviteUserDocument,
  ResetUserPasswordDocument,
  SetUserRoleDocument,
  UsersDocument,
} from '@/graphql/users';
import type { InviteUserInput, SetUserRoleInput, UserFilter } from '@/generated/graphql';
import { pagedConnection, useCursorStack } from '@/lib/cursor-stack';
import { payloadResult, type MutationOutcome } from '@/lib/mutation-outcome';

/** Rows per page of the users list. */
export const USERS_PAGE_SIZE = 20;

/** A mutation's outcome with the one-time link it answers (invitation or password reset). */
export type LinkOutcome = MutationOutcome & { invitationUrl: string | null; expiresAt: string | null };

/** `users` by username, filtered; a new filter starts at page one. */
export function useUsers(filter: Ref<UserFilter>) {
  const cursors = useCursorStack(USERS_PAGE_SIZE);
  watch(filter, () => cursors.reset(), { deep: true });
  const variables = computed(() => ({ first: USERS_PAGE_SIZE, after: cursors.after.value, filter: filter.value }));
  const query = useQuery({ query: UsersDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.users),
    query,
  );
}

/** The user actions: invite and reset answer a one-time link; disable and enable throw on refusal. */
export function useUserActions() {
  const invite = useMutation(InviteUserDocument);
  const reset = useMutation(ResetUserPasswordDocument);
  const role = useMutation(SetUserRoleDocument);
  const disable = useMutation(DisableUserDocument);
  const enable = useMutation(EnableUserDocument);
  const opts = { additionalTypenames: ['User'] };
  const withLink = (
    outcome: MutationOutcome,
    payload: { invitationUrl?: string | null; expiresAt?: string | null } | undefined,
  ): LinkOutcome => ({
    ...outcome,
    invitationUrl: payload?.invitationUrl ?? null,
    expiresAt: payload?.expiresAt ?? null,
  });
  return {
    busy: computed(() => [invite, reset, role, disable, enable].some((m) => m.fetching.value)),
    async invite(input: InviteUserInput): Promise<LinkOutcome> {
      const r = await invite.executeMutation({ input }, opts);
      return withLink(payloadResult(r.error, r.data?.inviteUser), r.data?.inviteUser);
    },
    async resetPassword(id: string): Promise<LinkOutcome> {
      const r = await reset.executeMutation({ id }, opts);
      return withLink(payloadResult(r.error, r.data?.resetUserPassword), r.data?.resetUserPassword);
    },
    async setRole(input: SetUserRoleInput): Promise<MutationOutcome> {
      const r = await role.executeMutation({ input }, opts);
      return payloadResult(r.error, r.data?.setUserRole);
    },
    async disable(id: string, reason: string): Promise<MutationOutcome> {
      const r = await disable.executeMutation({ id, reason: reason || null }, opts);
      return payloadResult(r.error, r.data ? { errors: [] } : null);
    },
    async enable(id: string): Promise<MutationOutcome> {
      const r = await enable.executeMutation({ id }, opts);
      return payloadResult(r.error, r.data ? { errors: [] } : null);
    },
  };
}
