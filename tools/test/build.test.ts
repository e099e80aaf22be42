// The production build (tools/src/build.ts), run for real: a bundle that starts with plain node,
// outside the repository (no node_modules, no tsx), against the real PostgreSQL and NATS.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, testNatsUrl, type TestDatabase } from '@smss/testing';
import { freePort } from '@smss/testing/infra.mjs';
import { buildWorkspace } from '../src/build';
import { devGatewayKeys, devSettings } from '../src/dev-settings';
import { exitOf, killProcess, supervise, type Supervised } from '../src/processes';

const ROOT = path.resolve(__dirname, '../..');
let scratch: string;
const running: Supervised[] = [];

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'smss-build-test-'));
});
afterAll(async () => {
  await Promise.all(running.map((p) => killProcess(p)));
  rmSync(scratch, { recursive: true, force: true });
});

function run(file: string, env: NodeJS.ProcessEnv = {}): Supervised & { output: () => string } {
  const child = spawn(process.execPath, [file], {
    cwd: path.dirname(file),
    env: { PATH: process.env.PATH, APOLLO_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const p = supervise(path.basename(file), child);
  running.push(p);
  return { ...p, output: () => output };
}

describe('npm run build', () => {
  it("runs only the entry point's `require.main === module` block, not those of the modules it imports", async () => {
    const ws = path.join(scratch, 'fixture');
    mkdirSync(path.join(ws, 'src'), { recursive: true });
    writeFileSync(
      path.join(ws, 'src', 'index.ts'),
      `import { helper } from './cli';\nif (require.main === module) console.log('entry main', helper());\n`,
    );
    writeFileSync(
      path.join(ws, 'src', 'cli.ts'),
      `export const helper = () => 'helper';\nif (require.main === module) console.log('cli main');\n`,
    );
    await buildWorkspace(ws);
    const p = run(path.join(ws, 'dist', 'index.js'));
    expect(await exitOf(p.child)).toEqual({ code: 0, signal: null });
    expect(p.output().trim()).toBe('entry main helper');
  });

  it('builds another entry point, given as source, into a folder beside dist/ without running any main block', async () => {
    const ws = path.join(scratch, 'other-entry');
    mkdirSync(path.join(ws, 'src'), { recursive: true });
    writeFileSync(
      path.join(ws, 'src', 'index.ts'),
      `export const helper = () => 'helper';\nif (require.main === module) console.log('index main');\n`,
    );
    const source = `import { helper } from ${JSON.stringify(path.join(ws, 'src', 'index'))};\nconsole.log('other', helper());\n`;
    const { outdir } = await buildWorkspace(ws, { source, outdir: '.bench-dist' });
    expect(path.resolve(ROOT, outdir)).toBe(path.join(ws, '.bench-dist'));
    const p = run(path.join(ws, '.bench-dist', 'index.js'));
    expect(await exitOf(p.child)).toEqual({ code: 0, signal: null });
    expect(p.output().trim()).toBe('other helper');
    await expect(buildWorkspace(ws, { source, outdir: '../elsewhere' })).rejects.toThrow(/one level below/);
  });

  it('writes a pure-ASCII bundle that means the same: Thai and astral characters in regular expressions are escaped', async () => {
    const ws = path.join(scratch, 'thai-regex');
    mkdirSync(path.join(ws, 'src'), { recursive: true });
    writeFileSync(
      path.join(ws, 'src', 'index.ts'),
      [
        'const digits = /[๐-๙]/g;',
        'const smile = /^[😀-😂]$/u;',
        'const word = /^โรงเรียน(.+)$/;',
        "console.log(JSON.stringify(['๑๒x'.replace(digits, (d) => String(d.charCodeAt(0) - 0x0e50)), smile.test('😁'), smile.test('😃'), word.exec('โรงเรียนบ้านนา')?.[1], 'ไทย'.length]));",
        '',
      ].join('\n'),
    );
    await buildWorkspace(ws);
    const bundle = readFileSync(path.join(ws, 'dist', 'index.js'));
    expect(bundle.findIndex((byte) => byte > 0x7f)).toBe(-1);
    const p = run(path.join(ws, 'dist', 'index.js'));
    expect(await exitOf(p.child)).toEqual({ code: 0, signal: null });
    expect(JSON.parse(p.output().trim())).toEqual(['12x', true, false, 'บ้านนา', 3]);
  });

  it('bundles a subgraph that boots with plain node outside the repository (no node_modules, no tsx)', async () => {
    await buildWorkspace(path.join(ROOT, 'services/schools'));
    // Only what the image holds: the bundle and the schema beside it.
    const app = path.join(scratch, 'app', 'services', 'schools');
    mkdirSync(app, { recursive: true });
    cpSync(path.join(ROOT, 'services/schools/dist'), path.join(app, 'dist'), { recursive: true });
    cpSync(path.join(ROOT, 'services/schools/schema.graphql'), path.join(app, 'schema.graphql'));
    let db: TestDatabase | undefined;
    try {
      db = await createTestDatabase('build');
      const port = await freePort();
      const keys = devGatewayKeys(path.join(scratch, 'keys'));
      const p = run(path.join(app, 'dist', 'index.js'), {
        PORT: String(port),
        DATABASE_URL: db.url,
        DATABASE_CREATE: 'false',
        NATS_URL: testNatsUrl(),
        JWT_SECRET: devSettings().jwtSecret,
        GATEWAY_PUBLIC_KEY_FILE: keys.publicKeyFile,
        LOG_LEVEL: 'warn',
      });
      const deadline = Date.now() + 60_000;
      let status = 0;
      while (Date.now() < deadline && !p.hasExited()) {
        status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect({ status, exited: p.hasExited(), output: p.hasExited() ? p.output() : '' }).toEqual({
        status: 200,
        exited: false,
        output: '',
      });
      // Its migrations ran: the bundle carries them.
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const tables = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('school', 'outbox_event')`,
      );
      await client.end();
      expect(tables.rows[0]!.n).toBe(2);
      p.child.kill('SIGTERM');
      expect(await p.exited).toEqual({ code: 0, signal: null });
    } finally {
      await db?.drop();
    }
  });
});

describe('npm run build: packages loaded on first use', () => {
  it('ships exceljs and pdfkit beside a bundle that can export, with every package they need (outside the repository)', async () => {
    await buildWorkspace(path.join(ROOT, 'services/assets'));
    const app = path.join(scratch, 'exporter');
    cpSync(path.join(ROOT, 'services/assets/dist'), app, { recursive: true });
    // Not in the bundle's source (which stays in the heap of an idle process).
    expect(readFileSync(path.join(app, 'index.js'), 'utf8')).not.toMatch(/class WorkbookWriter\b/);
    const script = path.join(app, 'export-check.js');
    writeFileSync(
      script,
      `(async () => {
        const ExcelJS = (await import('exceljs')).default;
        const book = new ExcelJS.Workbook();
        book.addWorksheet('อาคาร').addRow(['อาคารเรียน ๑', 3]);
        const back = new ExcelJS.Workbook();
        await back.xlsx.load(await book.xlsx.writeBuffer());
        const PDFDocument = (await import('pdfkit')).default;
        const doc = new PDFDocument();
        doc.registerFont('th', require.resolve('@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf'));
        doc.font('th').text('สวัสดี');
        const chunks = [];
        doc.on('data', (c) => chunks.push(c));
        doc.on('end', () => console.log(JSON.stringify([back.worksheets[0].getCell('A1').value, Buffer.concat(chunks).subarray(0, 5).toString()])));
        doc.end();
      })();`,
    );
    const p = run(script);
    expect(await exitOf(p.child)).toEqual({ code: 0, signal: null });
    expect(JSON.parse(p.output().trim())).toEqual(['อาคารเรียน ๑', '%PDF-']);
  }, 60_000);
});

describe('npm run build: native add-ons', () => {
  it("compiles malloc-trim.node beside a bundle that holds the idle memory reducer; loaded from there, it hands malloc's free pages back", async () => {
    const ws = path.join(scratch, 'trim');
    mkdirSync(path.join(ws, 'src'), { recursive: true });
    const lib = path.join(ROOT, 'libs/service-kit/src/idle-memory');
    writeFileSync(
      path.join(ws, 'src', 'index.ts'),
      `import v8 from 'node:v8';
import vm from 'node:vm';
import { loadMallocTrim } from ${JSON.stringify(lib)};
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const trim = loadMallocTrim()!;
const rss = () => process.memoryUsage.rss() / 1048576;
// 60 MB of 1 KB malloc blocks, then free 19 of every 20: holes inside the heap, not at its top.
let blocks: Buffer[] = [];
for (let i = 0; i < 60_000; i += 1) blocks.push(Buffer.allocUnsafeSlow(1000));
const kept: { blocks?: Buffer[] } = globalThis as never;
kept.blocks = blocks.filter((_, i) => i % 20 === 0);
blocks = [];
gc();
setTimeout(() => {
  const before = rss();
  const released = trim();
  console.log(JSON.stringify({ released, freedMb: Math.round(before - rss()), kept: kept.blocks!.length }));
}, 200);
`,
    );
    await buildWorkspace(ws);
    const app = path.join(scratch, 'trim-app');
    cpSync(path.join(ws, 'dist'), app, { recursive: true });
    const p = run(path.join(app, 'index.js'), { MALLOC_MMAP_THRESHOLD_: '8192' });
    expect(await exitOf(p.child)).toEqual({ code: 0, signal: null });
    const result = JSON.parse(p.output().trim()) as { released: boolean; freedMb: number; kept: number };
    expect(result.released).toBe(true);
    expect(result.kept).toBe(3000);
    // About 55 MB of holes: most of their pages go back (measured: 45 of 57 MB).
    expect(result.freedMb).toBeGreaterThan(25);
  }, 60_000);
});

describe('npm run build: modules no process runs', () => {
  it("bundles TypeORM's drivers for other databases as stubs that say so, and PostgreSQL's as it is", async () => {
    const ws = path.join(scratch, 'drivers');
    mkdirSync(path.join(ws, 'src'), { recursive: true });
    // Resolved from services/schools, as a subgraph's bundle resolves it.
    const from = { paths: [path.join(ROOT, 'services/schools')] };
    writeFileSync(
      path.join(ws, 'src', 'index.ts'),
      `import { DataSource } from ${JSON.stringify(require.resolve('typeorm', from))};
import pg from ${JSON.stringify(require.resolve('pg', from))};
import { z } from ${JSON.stringify(require.resolve('zod', from))};
const made = (type: string) => { try { new DataSource({ type, driver: pg } as never); return 'made'; } catch (e) { return (e as Error).message; } };
const arabic = () => { try { z.config(z.locales.ar()); return 'made'; } catch (e) { return (e as Error).message; } };
const english = z.string().safeParse(1).error?.issues[0]?.message;
console.log(JSON.stringify({ postgres: made('postgres'), mysql: made('mysql'), mssql: made('mssql'), english, arabic: arabic() }));
`,
    );
    await buildWorkspace(ws);
    const bundle = readFileSync(path.join(ws, 'dist', 'index.js'), 'utf8');
    // (esbuild writes TypeORM's `class PostgresDriver {` as `PostgresDriver=class{`.)
    expect(/\bPostgresDriver=class\b/.test(bundle)).toBe(true);
    expect(/\b(MysqlDriver|SqlServerDriver|OracleDriver)=class\b/.exec(bundle)?.[0]).toBeUndefined();
    const p = run(path.join(ws, 'dist', 'index.js'));
    expect(await exitOf(p.child)).toEqual({ code: 0, signal: null });
    expect(JSON.parse(p.output().trim())).toEqual({
      postgres: 'made',
      mysql: expect.stringMatching(
        /^MysqlDriver of .*typeorm\/driver\/mysql\/MysqlDriver\.js is not in this bundle/,
      ),
      mssql: expect.stringMatching(/^SqlServerDriver of .*is not in this bundle/),
      // zod keeps its English messages (the default); the other languages are stubs.
      english: 'Invalid input: expected string, received number',
      arabic: expect.stringMatching(/zod\/v4\/locales\/ar\.c?js is not in this bundle/),
    });
  }, 60_000);
});
