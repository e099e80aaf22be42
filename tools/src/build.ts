/**
 * The production build of one deployable (a subgraph under services/, or the gateway): its
 * TypeScript, the internal libs and every npm dependency bundled by esbuild into `dist/index.js`,
 * so production runs `node dist/index.js` — no tsx, no node_modules, no devDependencies.
 *
 *   tsx tools/src/build.ts services/schools     (each deployable's `npm run build` runs this)
 *
 * - Every import is resolved from the file that writes it, so a lib's own nested dependency
 *   version stays the one it gets (marking npm packages external would resolve them from dist/
 *   instead and pick whatever version sits at the top of node_modules).
 * - `dist/` sits one level below the workspace root, as `src/` does, so files read relative to
 *   `__dirname` keep working: `schema.graphql`, the gateway's `supergraph.graphql` and `subgraphs.yaml`.
 * - Worker threads that a lib starts from a file beside itself get their own bundle beside
 *   `index.js` (WORKERS below).
 * - Packages that read their own files at run time (pdfkit's font metrics and colour profile, the
 *   Thai font package) cannot be bundled: they stay external and are copied, with the packages
 *   they depend on, into `dist/node_modules/`, where `require` finds them first
 *   (RUNTIME_PACKAGES below; copied only into bundles of workspaces that depend on them).
 * - Single files served from npm packages at run time (the gateway's offline explorer) are copied
 *   into `dist/node_modules/<package>/` the same way (PACKAGE_FILES below).
 * - `if (require.main === module) main()` runs only in the entry file: inside one bundle every
 *   module shares the bundle's `module`, so without the `mainGuard` plugin below the gateway
 *   would also run compose.ts's main (and rewrite supergraph.graphql) at every start.
 * - `dist/index.js.map` (not loaded unless `node --enable-source-maps`) maps stack traces back to
 *   the sources; `dist/index.js.LEGAL.txt` keeps the bundled packages' licence comments.
 * - Modules of bundled packages that no process runs (other databases' TypeORM drivers, zod's other
 *   languages, Apollo's usage-reporting protobuf in subgraphs, iconv-lite's CJK tables) are bundled
 *   as stubs that throw if used (UNUSED_MODULES below): a bundle's whole source stays in the heap of
 *   an idle process.
 * - Native add-ons of the libs (NATIVE_ADDONS below: glibc's `malloc_trim` for the idle memory
 *   reducer) are compiled with `cc` beside the bundle that includes their lib. Without a C compiler
 *   or Node.js's headers the build warns and goes on: the add-on is optional at run time.
 * - The bundle is pure ASCII (`escapeNonAscii` below). esbuild escapes non-ASCII characters in
 *   strings but leaves them raw in regular-expression literals (`/[๐-๙]/`, evanw/esbuild#4205), and
 *   one Thai character anywhere makes V8 hold the whole multi-megabyte source as a two-byte string:
 *   7.5 MB of code became 14.9 MB of heap in the assets subgraph.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');

/** Optional native add-ons, never used here, that their packages only try to load. */
const EXTERNAL = ['pg-native', 'tsx', 'tsx/*'];

/**
 * Modules of bundled packages that no process of the platform runs, bundled as stubs instead: their
 * text would otherwise sit in every process's heap, since V8 holds a bundle's whole source as one
 * string (lazily compiled code still needs it). About 1.5 MB of each subgraph's bundle (5.7–6.1 MB
 * before, 4.2–4.7 MB with the stubs).
 * - TypeORM's DriverFactory imports the driver of every database it supports; the platform runs
 *   PostgreSQL only (`MssqlParameter` stays: the query builder tests values against it).
 * - iconv-lite's CJK tables are read only to decode such charsets, which no request body here may
 *   use (JSON is UTF-8).
 * - Apollo's usage-reporting protobuf, in the subgraphs: their inline traces are turned off
 *   (service-kit `subgraph.ts`), so nothing there makes a trace. (The gateway keeps it: its query plan
 *   executor makes trace nodes on every request, traced or not.)
 * - zod's error messages in 40-odd languages: the platform uses English (zod's default) and its own Thai.
 * A stub throws as soon as anything is made or called from it, naming the module.
 */
const UNUSED_MODULES: Array<{
  path: RegExp;
  keep?: RegExp;
  format: 'cjs' | 'esm-default' | 'json';
  /** Workspaces whose bundle keeps the module. */
  notIn?: string[];
}> = [
  {
    path: /[\\/]typeorm[\\/]driver[\\/](?:aurora-mysql|aurora-postgres|better-sqlite3|capacitor|cockroachdb|cordova|expo|mongodb|mysql|nativescript|oracle|react-native|sap|spanner|sqlite-abstract|sqljs|sqlserver)[\\/][^\\/]+\.js$/,
    keep: /[\\/]sqlserver[\\/]MssqlParameter\.js$/,
    format: 'cjs',
  },
  { path: /[\\/]iconv-lite[\\/]encodings[\\/]tables[\\/][^\\/]+\.json$/, format: 'json' },
  {
    path: /[\\/]@apollo[\\/]usage-reporting-protobuf[\\/]generated[\\/]cjs[\\/]protobuf\.js$/,
    format: 'cjs',
    notIn: ['gateway'],
  },
  {
    path: /[\\/]zod[\\/]v4[\\/]locales[\\/][^\\/]+\.js$/,
    keep: /[\\/](?:en|index)\.js$/,
    format: 'esm-default',
  },
  { path: /[\\/]zod[\\/]v4[\\/]locales[\\/][^\\/]+\.cjs$/, keep: /[\\/](?:en|index)\.cjs$/, format: 'cjs' },
];

/** Worker entry points: when a bundle includes files of the lib, the worker is bundled beside it. */
const WORKERS: Array<{ lib: string; entry: string; outfile: string }> = [
  // libs/files starts `table-worker.js` from beside itself when it runs compiled (read-table.ts).
  { lib: 'libs/files/src/', entry: 'libs/files/src/table-worker.ts', outfile: 'table-worker.js' },
];

/**
 * C add-ons (Node-API) of the libs, compiled beside a bundle that includes `lib`. The lib loads
 * `outfile` from beside its bundle and does without it when it is missing (running from source).
 */
const NATIVE_ADDONS: Array<{ lib: string; source: string; outfile: string }> = [
  // libs/service-kit's idle memory reducer calls malloc_trim(0) once a process has gone idle.
  {
    lib: 'libs/service-kit/src/idle-memory.ts',
    source: 'libs/service-kit/native/malloc-trim.c',
    outfile: 'malloc-trim.node',
  },
];

/**
 * External packages, copied whole into dist/node_modules: those that open files of their own at run
 * time (pdfkit's font metrics, the Thai font), and exceljs, which `libs/files` loads only on the first
 * spreadsheet: inside the bundle its 1.3 MB of source (with jszip, archiver, unzipper) would sit in
 * the heap of every idle process that merely can export.
 */
const RUNTIME_PACKAGES = ['pdfkit', '@expo-google-fonts/sarabun', 'exceljs'];

/** Package files read at run time through `require.resolve('<package>/package.json')`. */
const PACKAGE_FILES: Record<string, Record<string, string[]>> = {
  // gateway/src/explorer/explorer.ts serves GraphiQL from the installed packages (no CDN).
  gateway: {
    react: ['umd/react.production.min.js'],
    'react-dom': ['umd/react-dom.production.min.js'],
    graphiql: ['graphiql.min.js', 'graphiql.min.css'],
    // gateway/src/dashboard/dashboard.ts serves the built dashboard (a folder: copied whole).
    '@smss/dashboard': ['dist'],
  },
};

/** `require.main === module` is false in every file of the repository but the entry point. */
const mainGuard = (entry: string): Plugin => ({
  name: 'main-guard',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path === entry || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!/require\.main\s*===\s*module/.test(source)) return undefined;
      return { contents: source.replace(/require\.main\s*===\s*module/g, 'false'), loader: 'ts' };
    });
  },
});

/** Bundles each of UNUSED_MODULES as a stub whose exports are functions that throw when called or made. */
const unusedModules = (workspace: string): Plugin => ({
  name: 'unused-modules',
  setup(b) {
    // (esbuild's filters are Go regular expressions: one alternation of the paths, then each rule.)
    const filter = new RegExp(UNUSED_MODULES.map((m) => m.path.source).join('|'));
    b.onLoad({ filter }, (args) => {
      if (!args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const rule = UNUSED_MODULES.find(
        (m) => m.path.test(args.path) && !m.keep?.test(args.path) && !m.notIn?.includes(workspace),
      );
      if (!rule) return undefined;
      const what = JSON.stringify(
        `${args.path.slice(args.path.lastIndexOf('node_modules'))} is not in this bundle (tools/src/build.ts, UNUSED_MODULES)`,
      );
      if (rule.format === 'json') return { contents: `throw new Error(${what});`, loader: 'js' };
      if (rule.format === 'esm-default')
        return {
          contents: `export default function unbundled() { throw new Error(${what}); }`,
          loader: 'js',
        };
      return {
        contents: `const stubs = new Map();
module.exports = new Proxy({}, {
  get(_, key) {
    if (key === '__esModule') return true;
    if (typeof key !== 'string' || key === 'then') return undefined;
    if (!stubs.has(key)) stubs.set(key, function unbundled() { throw new Error(key + ' of ' + ${what}); });
    return stubs.get(key);
  },
});`,
        loader: 'js',
      };
    });
  },
});

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // Whitespace and syntax only: names stay readable in stack traces and heap snapshots. (Full
  // minification with `keepNames` took 1.3 MB off each bundle but no idle memory: measured.)
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  external: [...EXTERNAL, ...RUNTIME_PACKAGES, ...RUNTIME_PACKAGES.map((p) => `${p}/*`)],
  logLevel: 'warning',
  metafile: true,
};

/**
 * Build a workspace's `src/index.ts` into `dist/`. `other` builds another entry point instead, given
 * as source (resolved from the repository root), into another folder one level below the workspace
 * (benchmarks only: `npm run bench:read` bundles a subgraph without its trust layer that way). No file
 * of such a bundle is its entry's `require.main`.
 */
export async function buildWorkspace(
  workspace: string,
  other?: { source: string; outdir: string },
): Promise<{ outdir: string; bytes: number }> {
  const dir = path.resolve(ROOT, workspace);
  const name = path.relative(ROOT, dir);
  const entry = path.join(dir, 'src', 'index.ts');
  if (!existsSync(entry)) throw new Error(`${name} has no src/index.ts to build`);
  const outdir = path.join(dir, other?.outdir ?? 'dist');
  if (path.dirname(outdir) !== dir) throw new Error(`${outdir} is not one level below ${name}`);
  rmSync(outdir, { recursive: true, force: true });
  const main = await build({
    ...common,
    ...(other
      ? { stdin: { contents: other.source, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' as const } }
      : { entryPoints: [entry] }),
    outfile: path.join(outdir, 'index.js'),
    absWorkingDir: ROOT,
    plugins: [mainGuard(other ? '<stdin>' : entry), unusedModules(name)],
  });
  escapeNonAscii(path.join(outdir, 'index.js'));
  const inputs = Object.keys((main.metafile as Metafile).inputs);
  for (const worker of WORKERS) {
    if (!inputs.some((file) => file.startsWith(worker.lib))) continue;
    await build({
      ...common,
      entryPoints: [path.join(ROOT, worker.entry)],
      outfile: path.join(outdir, worker.outfile),
      absWorkingDir: ROOT,
      plugins: [mainGuard(path.join(ROOT, worker.entry)), unusedModules(name)],
    });
    escapeNonAscii(path.join(outdir, worker.outfile));
  }
  for (const addon of NATIVE_ADDONS) {
    if (!inputs.includes(addon.lib)) continue;
    const built = compileNativeAddon(path.join(ROOT, addon.source), path.join(outdir, addon.outfile));
    if (!built.ok)
      process.stderr.write(
        `warning: ${addon.outfile} not built (${built.reason}); ${name} runs without it\n`,
      );
  }
  const needed = runtimePackagesOf(inputs);
  const copied = new Map<string, string>();
  for (const pkg of needed) copyPackage(pkg, dir, path.join(outdir, 'node_modules'), copied);
  for (const [pkg, files] of Object.entries(PACKAGE_FILES[name] ?? {})) {
    const source = path.dirname(require.resolve(`${pkg}/package.json`, { paths: [dir] }));
    const target = path.join(outdir, 'node_modules', pkg);
    mkdirSync(target, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      path.join(target, 'package.json'),
      JSON.stringify({ name: manifest.name, version: manifest.version, license: manifest.license }, null, 2),
    );
    for (const file of files) {
      if (!existsSync(path.join(source, file)))
        throw new Error(`${pkg}/${file} is missing: build it first (npm run build -w ${pkg})`);
      mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
      cpSync(path.join(source, file), path.join(target, file), { recursive: true });
    }
    for (const licence of ['LICENSE', 'LICENSE.md']) {
      if (existsSync(path.join(source, licence)))
        copyFileSync(path.join(source, licence), path.join(target, licence));
    }
  }
  const bytes = readFileSync(path.join(outdir, 'index.js')).length;
  return { outdir: path.relative(ROOT, outdir), bytes };
}

/**
 * Compile one C file into a Node-API add-on with the C compiler (`CC`, else `cc`) and the headers
 * of the Node.js that runs the build (`<prefix>/include/node`, as the official binaries ship them).
 */
export function compileNativeAddon(
  source: string,
  outfile: string,
): { ok: true } | { ok: false; reason: string } {
  const headers = path.join(path.dirname(process.execPath), '..', 'include', 'node');
  if (!existsSync(path.join(headers, 'node_api.h')))
    return { ok: false, reason: `no Node.js headers in ${headers}` };
  const compiler = process.env.CC || 'cc';
  const result = spawnSync(
    compiler,
    ['-O2', '-shared', '-fPIC', '-Wall', '-Werror', `-I${headers}`, '-o', outfile, source],
    { encoding: 'utf8' },
  );
  if (result.error) return { ok: false, reason: `${compiler}: ${result.error.message}` };
  if (result.status !== 0) return { ok: false, reason: `${compiler} failed: ${result.stderr.trim()}` };
  return { ok: true };
}

/**
 * Rewrite every non-ASCII UTF-16 unit of a bundle as `\uXXXX`. esbuild leaves such characters only
 * in regular-expression literals, where the escape means the same character (an astral character
 * becomes its surrogate pair, which a `u`-flag pattern reads as one code point); only `.source` of
 * such a pattern reads differently. Columns after an escape on the same line shift in the source
 * map (a handful of lines per bundle).
 */
export function escapeNonAscii(file: string): void {
  const source = readFileSync(file, 'utf8');
  const ascii = source.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (ascii !== source) writeFileSync(file, ascii);
}

/** The RUNTIME_PACKAGES that a workspace whose files are in the bundle depends on. */
function runtimePackagesOf(inputs: string[]): string[] {
  const workspaces = new Set(
    inputs
      .map((file) => /^((?:libs|services|tests)\/[^/]+|gateway|tools)\//.exec(file)?.[1])
      .filter((w): w is string => !!w),
  );
  const wanted = new Set<string>();
  for (const workspace of workspaces) {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, workspace, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const pkg of RUNTIME_PACKAGES) if (manifest.dependencies?.[pkg]) wanted.add(pkg);
  }
  return [...wanted];
}

/** Where Node.js would find package `name` from `from`: the nearest node_modules/<name> upwards. */
function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/**
 * Copy package `name`, as Node.js resolves it from `from`, into `nodeModules`, then the packages it
 * depends on, each resolved from the package that needs it: nested ones come along inside their
 * parent's folder; hoisted ones go to the top where the name is free, else under the parent.
 */
function copyPackage(
  name: string,
  from: string,
  nodeModules: string,
  copied: Map<string, string>,
  parent?: { source: string; target: string },
  visited = new Set<string>(),
): void {
  const source = packageDir(name, from);
  if (!source)
    throw new Error(`${name}, needed at run time, is not installed (from ${path.relative(ROOT, from)})`);
  if (parent && source.startsWith(`${parent.source}${path.sep}`)) {
    // Inside the parent's copy already; its own dependencies may still be hoisted above the parent
    // (exceljs → archiver → readdir-glob/node_modules/brace-expansion → balanced-match).
    copyDependencies(
      source,
      path.join(parent.target, path.relative(parent.source, source)),
      nodeModules,
      copied,
      visited,
    );
    return;
  }
  const top = copied.get(name);
  if (top === source) return;
  const target =
    top === undefined ? path.join(nodeModules, name) : path.join(parent!.target, 'node_modules', name);
  if (top === undefined) copied.set(name, source);
  cpSync(source, target, { recursive: true, dereference: true });
  copyDependencies(source, target, nodeModules, copied, visited);
}

/** The dependencies of the package at `source` (copied to `target`), each resolved from it. */
function copyDependencies(
  source: string,
  target: string,
  nodeModules: string,
  copied: Map<string, string>,
  visited: Set<string>,
): void {
  if (visited.has(target)) return;
  visited.add(target);
  const manifest = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  const deps = [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}).filter((dep) => packageDir(dep, source)),
  ];
  for (const dep of deps) copyPackage(dep, source, nodeModules, copied, { source, target }, visited);
}

async function main(): Promise<void> {
  const workspaces = process.argv.slice(2);
  if (!workspaces.length) throw new Error('usage: tsx tools/src/build.ts <workspace dir>…');
  for (const workspace of workspaces) {
    const started = Date.now();
    const { outdir, bytes } = await buildWorkspace(path.resolve(process.cwd(), workspace));
    process.stdout.write(
      `built ${outdir}/index.js (${(bytes / 1e6).toFixed(1)} MB) in ${Date.now() - started} ms\n`,
    );
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
