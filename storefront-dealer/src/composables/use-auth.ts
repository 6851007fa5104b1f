import { useMutation } from '@urql/vue';
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { LoginMutation, LogoutMutation } from '@/graphql/auth';
import { clearSession, saveSession, session, STORE_ROLES } from '@/lib/session';
import { resetUrqlClient } from '@/lib/urql-client';
import { useFormat } from './use-format';

/** Why a sign-in failed; each has a message under login.errors.* */
export type LoginErrorCode =
  'INVALID_CREDENTIALS' | 'ACCOUNT_DISABLED' | 'BAD_USER_INPUT' | 'WRONG_ROLE' | 'NETWORK' | 'UNKNOWN';
const KNOWN_CODES = new Set<string>(['INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'BAD_USER_INPUT']);

export function useAuth() {
  const router = useRouter();
  const { localName } = useFormat();
  const loginMutation = useMutation(LoginMutation);
  const logoutMutation = useMutation(LogoutMutation);

  const user = computed(() => session.value?.user ?? null);
  const dealerName = computed(() => localName(session.value?.user.dealer));

  /** Signs in; stores the session only for dealer users. Returns an error code or null. */
  async function login(username: string, password: string): Promise<LoginErrorCode | null> {
    const result = await loginMutation.executeMutation({ input: { username: username.trim(), password } });
    const payload = result.data?.login;
    if (payload) {
      if (!STORE_ROLES.includes(payload.user.role)) return 'WRONG_ROLE';
      resetUrqlClient();
      saveSession({
        accessToken: payload.accessToken,
        refreshToken: payload.refreshToken,
        expiresAt: payload.expiresAt,
        user: payload.user,
      });
      return null;
    }
    const code = result.error?.graphQLErrors[0]?.extensions?.code;
    if (typeof code === 'string' && KNOWN_CODES.has(code)) return code as LoginErrorCode;
    return result.error?.networkError ? 'NETWORK' : 'UNKNOWN';
  }

  /** Revokes the session on the server, forgets the tokens and everything cached, then shows the login page. */
  async function logout(): Promise<void> {
    const refreshToken = session.value?.refreshToken;
    // Best effort: an unreachable server must not keep the user signed in on this device.
    if (refreshToken) await logoutMutation.executeMutation({ refreshToken }).catch(() => undefined);
    clearSession();
    await router.push({ name: 'login', query: { reason: 'loggedOut' } });
    // After the pages left, so none of them refetches as an anonymous caller.
    resetUrqlClient();
  }

  return { user, dealerName, login, logout, loggingIn: loginMutation.fetching };
}
