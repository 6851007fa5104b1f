import vue from '@vitejs/plugin-vue';
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';

// The console is served by the gateway under /console/; the API is same-origin /graphql.
// `vite dev` proxies /graphql (HTTP and graphql-ws) to a running gateway.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  define: {
    __VUE_OPTIONS_API__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/graphql': { target: gateway, changeOrigin: true, ws: true },
      // Licence scans (ApplicationDocument.url), fetched with the session's token.
      '/documents': { target: gateway, changeOrigin: true },
    },
  },
  build: {
    target: 'es2022',
    // ECharts (core + line/bar + grid/tooltip/legend + canvas) lands in the lazily loaded dashboard chunk.
    chunkSizeWarningLimit: 700,
  },
});
