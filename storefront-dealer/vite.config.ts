import vue from '@vitejs/plugin-vue';
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';

// The gateway serves the built app under /store/ and the API on the same origin (/graphql).
// In `vite dev` the API is proxied to a running gateway (GATEWAY_URL, default port 4000).
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  base: '/store/',
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  define: {
    // vue-i18n: messages are plain objects compiled at run time by the JIT compiler (no eval, CSP-safe).
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/graphql': { target: gateway, changeOrigin: true, ws: true },
      '/uploads': { target: gateway, changeOrigin: true },
    },
  },
  build: {
    target: 'es2022',
    rollupOptions: {
      output: {
        // Framework code changes rarely: its own long-cached chunk. graphql-ws stays out of it:
        // it is loaded on the first subscription only.
        manualChunks: (id) => (id.includes('node_modules') && !id.includes('graphql-ws') ? 'vendor' : undefined),
      },
    },
  },
});
