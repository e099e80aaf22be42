/**
 * The bytes a first visit to /dashboard/ downloads, gzipped as the gateway sends them: the page,
 * the scripts and styles it links (following imports), and the fonts its text uses (the Thai and
 * Latin subsets of each weight; Vietnamese and Latin Extended are fetched only for such text).
 * API answers are not included (they depend on the viewer and the place; the browser test
 * reports the bytes it really received). Fails above the budget.
 *
 *   npm run build -w @smss/dashboard && npm run size -w @smss/dashboard
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const BUDGET_BYTES = 300 * 1024;
const dist = path.resolve(__dirname, '..', 'dist');
const BASE = '/dashboard/';
const FIRST_LOAD_FONT_SUBSETS = /-(thai|latin)-\d+-normal-[\w-]+\.woff2$/;

const fileOf = (url: string) => path.join(dist, url.startsWith(BASE) ? url.slice(BASE.length) : url);
/** What the gateway sends: the precompressed `.gz` where the build wrote one, else the file (fonts: woff2). */
const sent = (file: string) => readFileSync(existsSync(`${file}.gz`) ? `${file}.gz` : file).length;

export function firstLoad(): { file: string; raw: number; gzip: number }[] {
  const index = path.join(dist, 'index.html');
  if (!existsSync(index))
    throw new Error(`${index} is missing: run \`npm run build -w @smss/dashboard\` first`);
  const seen = new Set<string>([index]);
  const queue = [index];
  while (queue.length) {
    const file = queue.shift()!;
    const text = /\.(html|js|css)$/.test(file) ? readFileSync(file, 'utf8') : '';
    const refs = [
      ...text.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g),
      ...text.matchAll(/url\(([^)]+)\)/g),
      ...text.matchAll(/import\s*\(?\s*["'](\.\/[^"']+\.js)["']/g),
      ...text.matchAll(/from\s*["'](\.\/[^"']+\.js)["']/g),
    ].map((m) => m[1]!.replace(/["']/g, ''));
    for (const ref of refs) {
      const target = ref.startsWith('/') ? fileOf(ref) : path.resolve(path.dirname(file), ref);
      if (target.endsWith('.woff2') && !FIRST_LOAD_FONT_SUBSETS.test(target)) continue;
      if (target.endsWith('.woff')) continue; // fallback for browsers without woff2
      if (!existsSync(target) || seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return [...seen].map((file) => ({
    file: path.relative(dist, file),
    raw: readFileSync(file).length,
    gzip: sent(file),
  }));
}

if (require.main === module) {
  const files = firstLoad();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of files)
    console.log(`${f.file.padEnd(52)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)} gzip`);
  const total = files.reduce((s, f) => s + f.gzip, 0);
  const raw = files.reduce((s, f) => s + f.raw, 0);
  console.log(
    `first load: ${files.length} files, ${kb(raw)} raw, ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)})`,
  );
  if (total > BUDGET_BYTES) process.exit(1);
}
