import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { parse } from 'graphql';
import { defineConfig, type Plugin } from 'vite';

/**
 * graphql-codegen's client preset looks documents up in one map (src/gql/gql.ts) holding
 * every operation of the console: imported by the first page, it would put every page's
 * documents in the initial bundle. This replaces each graphql(`...`) call with its parsed
 * document at build time (the same AST, typed by the preset at check time), so each
 * document ships with its page and the map is left out.
 */
function inlineGraphqlDocuments(): Plugin {
  return {
    name: 'hub-inline-graphql-documents',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/web\/src\/.*\.tsx?$/.test(id) || id.includes('/web/src/gql/') || !code.includes('graphql(`')) return null;
      const out = code.replace(
        /\bgraphql\(\s*`([^`]*)`\s*\)/g,
        (_, source: string) => `JSON.parse(${JSON.stringify(JSON.stringify(parse(source, { noLocation: true })))})`,
      );
      return { code: out, map: null };
    },
  };
}

const root = fileURLToPath(new URL('.', import.meta.url));
// For `vite` / `vite preview` against a hub running elsewhere (default: npm start's port).
const hub = process.env.HUB_URL ?? 'http://localhost:4000';
// The API's paths only: /saved-queries/<id>.csv is the API's, the console's own pages are elsewhere.
const proxy = Object.fromEntries(
  ['^/graphql', '^/healthz', '^/readyz', '^/import/', '^/saved-queries/', '^/geography/'].map((p) => [
    p,
    { target: hub, changeOrigin: false },
  ]),
);

export default defineConfig({
  root,
  base: '/',
  plugins: [inlineGraphqlDocuments(), react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or data: URLs for modules: the hub's CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The explorer's editor (Monaco, about 2.8 MB) loads only on /explorer, never with the console.
    chunkSizeWarningLimit: 3000,
    // Sass takes most of the build; saying so at every build is noise.
    rolldownOptions: {
      checks: { pluginTimings: false },
      // Two pages: the console, and the GraphQL explorer (its editor is heavy: kept out of the console's load).
      input: { main: `${root}index.html`, explorer: `${root}explorer.html` },
      // GraphiQL's "use no memo" directives are for the React compiler, which this build does not run.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
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
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    },
  },
});
