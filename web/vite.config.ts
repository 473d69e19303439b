import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// For `vite` / `vite preview` against a hub running elsewhere (default: npm start's port).
const hub = process.env.HUB_URL ?? 'http://localhost:4000';
// The API's paths only: /saved-queries/<id>.csv is the API's, the console's own pages are elsewhere.
const proxy = Object.fromEntries(['^/graphql', '^/healthz', '^/readyz', '^/import/', '^/saved-queries/'].map((p) => [p, { target: hub, changeOrigin: false }]));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or data: URLs for modules: the hub's CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    // Sass takes most of the build; saying so at every build is noise.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  css: {
    postcss: {
      plugins: [
        {
          // govuk-frontend keeps a hack for Internet Explorer (`@media ... (min-width: 0\0)`)
          // that the CSS minifier cannot parse; no supported browser needs it.
          postcssPlugin: 'drop-ie-hacks',
          AtRule: {
            media(rule: { params: string; remove: () => void }) {
              if (/min-width:\s*0[^\d.\s)]/.test(rule.params)) rule.remove();
            },
          },
        },
      ],
    },
    preprocessorOptions: {
      scss: {
        // govuk-frontend's own deprecations are not ours to fix.
        quietDeps: true,
        silenceDeprecations: ['import', 'global-builtin'],
      },
    },
  },
  server: { proxy },
  // `vite preview` sends the hub's own Content-Security-Policy, so that what works here works there.
  preview: {
    proxy,
    headers: {
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    },
  },
});
