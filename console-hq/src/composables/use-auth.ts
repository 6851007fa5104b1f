import { useMutation } from '@urql/vue';
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { LoginDocument, LogoutDocument } from '@/graphql/auth';
import { CONSOLE_ROLES, clearSession, saveSession, session } from '@/lib/session';
import { resetUrqlClient } from '@/lib/urql-client';
import type { UserRole } from '@/generated/graphql';

/** Why a login did not succeed: an API error code, WRONG_ROLE, NETWORK or UNKNOWN. */
export interface LoginFailure {
  code: string;
  role?: UserRole;
}

export type LogoutReason = 'expired' | 'loggedOut';

export function useAuth() {
  const router = useRouter();
  const loginMutation = useMutation(LoginDocument);
  const logoutMutation = useMutation(LogoutDocument);
  const user = computed(() => session.value?.user ?? null);

  /** Logs in; only HQ_ADMIN and REGION_MANAGER keep a session. Resolves to null on success. */
  async function login(username: string, password: string): Promise<LoginFailure | null> {
    const result = await loginMutation.executeMutation({ input: { username: username.trim(), password } });
    const payload = result.data?.login;
    if (payload) {
      if (!CONSOLE_ROLES.includes(payload.user.role)) return { code: 'WRONG_ROLE', role: payload.user.role };
      resetUrqlClient();
      saveSession({
        accessToken: payload.accessToken,
        refreshToken: payload.refreshToken,
        expiresAt: payload.expiresAt,
        user: payload.user,
      });
      return null;
    }
    const error = result.error;
    if (error?.networkError && error.graphQLErrors.length === 0) return { code: 'NETWORK' };
    const code = error?.graphQLErrors[0]?.extensions?.code;
    return { code: typeof code === 'string' ? code : 'UNKNOWN' };
  }

  /**
   * Revokes the session on the server (when the user logs out), clears the tokens and every cached
   * result, then shows the login page.
   */
  async function logout(reason: LogoutReason = 'loggedOut'): Promise<void> {
    const refreshToken = session.value?.refreshToken;
    // Best effort: an unreachable server must not keep the user signed in on this device.
    if (reason === 'loggedOut' && refreshToken)
      await logoutMutation.executeMutation({ refreshToken }).catch(() => undefined);
    clearSession();
    resetUrqlClient();
    await router.push({ name: 'login', query: { reason } });
  }

  return { user, login, logout, logging: loginMutation.fetching };
}
