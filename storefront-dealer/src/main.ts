import urql from '@urql/vue';
import { createApp } from 'vue';
import App from './App.vue';
import { applyDocumentLocale, i18n } from './i18n';
import { loadPlatformSettings } from './lib/platform-settings';
import { session, SESSION_STORAGE_KEY } from './lib/session';
import { setSessionExpiredHandler, urqlClient } from './lib/urql-client';
import { router } from './router';
import './styles.css';

// The session could not be refreshed: back to the login page with a message.
setSessionExpiredHandler(() => {
  const current = router.currentRoute.value;
  if (!current.meta.public) {
    void router.push({ name: 'login', query: { reason: 'expired', redirect: current.fullPath } });
  }
});
// Signed out in another tab (session.ts has already followed the storage change): leave too.
window.addEventListener('storage', (e) => {
  const current = router.currentRoute.value;
  if (e.key === SESSION_STORAGE_KEY && !session.value && !current.meta.public) {
    void router.push({ name: 'login', query: { redirect: current.fullPath } });
  }
});

createApp(App).use(i18n).use(router).use(urql, urqlClient).mount('#app');
applyDocumentLocale();
// The brand's time zone (one small query) once the router runs: like any request it may refresh an
// expired session or end it, and the sign-in page must then know where the dealer was.
void router
  .isReady()
  .then(loadPlatformSettings)
  .catch(() => undefined);
