import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { loadPlatformSettings } from './lib/platform-settings';
import { router } from './router';
import './styles/global.css';

createApp(App).use(i18n).use(router).mount('#app');
// The brand's time zone (one small query) once the router runs: like any request it may refresh an
// expired session or end it, and the sign-in page must then know where the user was.
void router
  .isReady()
  .then(loadPlatformSettings)
  .catch(() => undefined);
