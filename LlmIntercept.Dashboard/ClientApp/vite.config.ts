import { defineConfig } from 'vite';

// `npm run dev` forwards API calls to a running dashboard (see docs/frontend.md).
const dashboard = process.env.DASHBOARD_URL ?? 'http://127.0.0.1:5000';
const apiPaths = ['/graphql', '/auth', '/api'];

export default defineConfig({
  // Relative asset URLs: the same build works at "/" and under "/admin/" without the server rewriting it.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../wwwroot/dist',
    emptyOutDir: true,
    // src/api.ts finds the service's base path from its own URL, one folder above this one.
    assetsDir: 'assets',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: { index: 'index.html', graphiql: 'graphiql.html' },
      // GraphiQL's React dependencies mark modules "use client", which means nothing outside a server-components build.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
    },
  },
  server: {
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: dashboard, changeOrigin: true }])),
  },
});
