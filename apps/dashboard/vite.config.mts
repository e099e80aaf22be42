import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** Files worth gzipping (fonts are woff2: compressed already). */
const COMPRESSIBLE = /\.(js|css|html|json|svg|txt)$/;

/**
 * Writes `<file>.gz` beside every compressible file of dist/: the gateway sends it with
 * `Content-Encoding: gzip` to browsers that accept it (no compression work per request).
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'smss-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const file = path.join(dir, name);
          return statSync(file).isDirectory() ? walk(file) : [file];
        });
      for (const file of walk(outDir).filter((f) => COMPRESSIBLE.test(f)))
        writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
    },
  };
}

/**
 * Served by the gateway under /dashboard/ (gateway/src/dashboard): every file is bundled (no CDN,
 * the page works on a closed school network), hashed names under assets/ for year-long caching.
 */
export default defineConfig({
  base: '/dashboard/',
  plugins: [precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // No inline <script>/<style> and no data: fonts: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run dev -w @smss/dashboard` with `npm start` running: the API and the dev sign-in come from the gateway.
    proxy: {
      '/graphql': 'http://127.0.0.1:4000',
      '/dashboard/dev-token': 'http://127.0.0.1:4000',
    },
  },
});
