import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server forwards the API (and its WebSocket stream) to a running Rapport server, so
// `npm run dev -w @rapport/web` works beside `npm start`. Production builds go to dist/, which
// the server serves with an SPA fallback.
const apiTarget = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // dist/.vite/manifest.json maps each entry and lazy screen to its chunks: `npm run bench --
    // web-bundle` reads it to total what the inbox route loads before its first paint (budget
    // 200 KB gzip, issue 6). Rarely used screens are React.lazy chunks (shell/app-routes.tsx).
    manifest: true,
    // The gzip column of Vite's own report costs seconds on every build; the bench measures it.
    reportCompressedSize: false,
  },
});
