import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { loadPlatformSettings } from './lib/platform-settings';
import { router } from './router';
import './styles/global.css';

// The brand's time zone first (one small public query): dates render in it from the first paint.
void loadPlatformSettings()
  .catch(() => undefined)
  .finally(() => createApp(App).use(i18n).use(router).mount('#app'));
