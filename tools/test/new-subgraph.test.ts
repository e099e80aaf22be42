// `npm run new:subgraph`, end to end: the repository is copied into a scratch folder (its files as git
// sees them, node_modules linked), the generator runs there for a throwaway subgraph, and the result must
// compose, be listed wherever a subgraph is listed, and pass its own typecheck, lint and tests on the
// real PostgreSQL and NATS. The checkout itself is never written to.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { parse } from 'yaml';
import { missingDescriptions } from '@smss/gateway';
import { newSubgraph } from '../src/new-subgraph';
import { namesFor } from '../src/subgraph-wiring';

const ROOT = path.resolve(__dirname, '../..');
// Hyphenated, so every spelling (package, database, env var, stream, type names) is exercised.
const NAME = `probe-${randomBytes(3).toString('hex')}`;
const RECORD = 'FieldVisit';
const n = namesFor(NAME, RECORD);

/** The repository as git sees it (tracked and new files, not ignored ones), with node_modules linked. */
function copyRepository(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'smss-new-subgraph-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
  })
    .toString()
    .split('\0')
    .filter((f) => f && existsSync(path.join(ROOT, f)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    const source = path.join(ROOT, file);
    if (lstatSync(source).isSymbolicLink()) symlinkSync(readlinkSync(source), path.join(dir, file));
    else copyFileSync(source, path.join(dir, file));
  }
  // Third-party packages are the checkout's; the workspace links (@smss/*) point into the copy, so the
  // copy's gateway reads the copy's subgraphs.yaml and the generator's new link lands in the copy.
  const modules = path.join(ROOT, 'node_modules');
  mkdirSync(path.join(dir, 'node_modules', '@smss'), { recursive: true });
  for (const entry of readdirSync(modules)) {
    if (entry === '@smss' || entry === '.package-lock.json' || entry === '.cache') continue;
    symlinkSync(path.join(modules, entry), path.join(dir, 'node_modules', entry));
  }
  for (const entry of readdirSync(path.join(modules, '@smss')))
    symlinkSync(
      readlinkSync(path.join(modules, '@smss', entry)),
      path.join(dir, 'node_modules', '@smss', entry),
    );
  for (const workspace of ['libs', 'services', 'tests'].flatMap((d) =>
    readdirSync(path.join(ROOT, d)).map((w) => path.join(d, w)),
  )) {
    const nested = path.join(ROOT, workspace, 'node_modules');
    if (existsSync(nested) && existsSync(path.join(dir, workspace)))
      symlinkSync(nested, path.join(dir, workspace, 'node_modules'));
  }
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Run a command in the scratch copy; the result carries its output for the failure message. */
function run(command: string, args: string[], cwd: string, timeoutMs = 120_000) {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', FORCE_COLOR: '0' };
  delete env.JEST_WORKER_ID;
  const res = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs });
  return { status: res.status, output: `${command} ${args.join(' ')}\n${res.stdout}${res.stderr}` };
}

const succeeded = (res: { status: number | null; output: string }) => ({
  status: res.status,
  output: res.status === 0 ? '' : res.output,
});

/** Content hash of every file of the copy (node_modules aside): to prove a refusal wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.name === 'node_modules') continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile())
        out[path.relative(dir, full)] = createHash('sha1').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

let scratch: string;
let port: number;
const read = (...p: string[]) => readFileSync(path.join(scratch, ...p), 'utf8');

beforeAll(async () => {
  scratch = copyRepository();
  port = await freePort();
}, 60_000);

afterAll(async () => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  // The generated service's tests created its stream on the shared NATS.
  const nc = await connect({ servers: process.env.NATS_URL });
  await (await jetstreamManager(nc)).streams.delete(`${n.upper}`).catch(() => undefined);
  await nc.drain();
});

describe('the names of a new subgraph', () => {
  it('spells a hyphenated name and its record in every form the templates use', () => {
    expect(namesFor('school-health', 'HealthCheck')).toEqual({
      name: 'school-health',
      snake: 'school_health',
      upper: 'SCHOOL_HEALTH',
      pascal: 'SchoolHealth',
      record: 'HealthCheck',
      records: 'HealthChecks',
      recordCamel: 'healthCheck',
      recordsCamel: 'healthChecks',
      recordSnake: 'health_check',
      recordKebab: 'health-check',
      recordWords: 'health check',
      recordsWords: 'health checks',
    });
    expect(namesFor('assets').record).toBe('AssetsRecord');
    expect(namesFor('correspondence', 'Letter').recordsCamel).toBe('letters');
    expect(namesFor('indicators', 'ReportingCategory').records).toBe('ReportingCategories');
  });
});

describe('npm run new:subgraph, in a scratch copy of the repository', () => {
  it('creates the service and lists it wherever a subgraph is listed', () => {
    const res = run(
      'npm',
      [
        'run',
        '-s',
        'new:subgraph',
        '--',
        NAME,
        String(port),
        '--record',
        RECORD,
        '--owns',
        'field visits of schools',
      ],
      scratch,
    );
    expect(succeeded(res)).toEqual({ status: 0, output: '' });
    for (const file of [
      'schema.graphql',
      'README.md',
      '.env.template',
      'src/server.ts',
      'test/entities.test.ts',
    ])
      expect(existsSync(path.join(scratch, 'services', NAME, file))).toBe(true);

    const subgraphs = (
      parse(read('gateway', 'subgraphs.yaml')) as { subgraphs: Array<Record<string, unknown>> }
    ).subgraphs;
    expect(subgraphs.at(-1)).toEqual({
      name: NAME,
      schema: `../services/${NAME}/schema.graphql`,
      url: `http://127.0.0.1:${port}/graphql`,
      urlEnv: `${n.upper}_URL`,
      port,
    });
    expect(read('README.md')).toContain(
      `| \`services/${NAME}\` | ${port} | field visits of schools | \`smss_${n.snake}\` |`,
    );
    // The service's own README: every placeholder filled (none left as a token or as markdown bold).
    const own = read('services', NAME, 'README.md');
    expect(own.split('\n')[0]).toBe(`# ${NAME} — field visits of schools`);
    expect(own).toMatch(new RegExp(`^\\| \`PORT\` +\\| ${port} +\\|`, 'm')); // the environment table, this port
    expect(own.match(/__[A-Za-z_]+__|\*\*[a-z_]+\*\*/g)).toBeNull();
    expect(read('docs', 'architecture.md')).toContain(
      `| ${NAME} | field visits of schools | \`${NAME}.field-visit.recorded.v1\``,
    );
    expect(read('libs', 'events', 'src', 'contracts', 'index.ts')).toContain(`subjects: ['${NAME}.>']`);
    expect(JSON.parse(read('tests', 'e2e', 'package.json')).dependencies[`@smss/${NAME}`]).toBe('*');
    expect(realpathSync(path.join(scratch, 'node_modules', '@smss', NAME))).toBe(
      realpathSync(path.join(scratch, 'services', NAME)),
    );
    expect(JSON.parse(read('package-lock.json')).packages[`node_modules/@smss/${NAME}`]).toEqual({
      resolved: `services/${NAME}`,
      link: true,
    });
  }, 60_000);

  it('composes: the supergraph it wrote is current and carries the subgraph and its School field', () => {
    const check = run(process.execPath, ['--import', 'tsx', 'gateway/src/compose.ts', '--check'], scratch);
    expect(succeeded(check)).toEqual({ status: 0, output: '' });
    const supergraph = read('gateway', 'supergraph.graphql');
    expect(supergraph).toContain(`@join__graph(name: "${NAME}", url: "http://127.0.0.1:${port}/graphql")`);
    expect(supergraph).toMatch(/fieldVisits\(first: Int = 20, after: String\): FieldVisitConnection!/);
    // The data dictionary it wrote lists the new subgraph's types, each element described in both languages.
    const dictionary = JSON.parse(read('gateway', 'data-dictionary.json'));
    expect(dictionary.subgraphs).toContain(NAME);
    expect(missingDescriptions(dictionary)).toEqual([]);
  }, 60_000);

  it('passes its own typecheck, lint and tests (its _entities contract among them)', () => {
    const service = path.join(scratch, 'services', NAME);
    expect(succeeded(run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], service))).toEqual({
      status: 0,
      output: '',
    });
    expect(succeeded(run('npx', ['eslint', 'src', 'test'], service))).toEqual({ status: 0, output: '' });
    const jest = run('npx', ['jest', '--ci'], service);
    expect(succeeded(jest)).toEqual({ status: 0, output: '' });
    expect(jest.output).toMatch(/Test Suites: 4 passed, 4 total/);
  }, 150_000);

  it('passes the deployment checks and is booted by the e2e platform from subgraphs.yaml', () => {
    const deployment = run(
      'npx',
      ['jest', '--ci', 'test/docker-compose.test.ts'],
      path.join(scratch, 'tools'),
    );
    expect(succeeded(deployment)).toEqual({ status: 0, output: '' });
    const probe = path.join(scratch, 'tests', 'e2e', 'probe-platform.ts');
    writeFileSync(
      probe,
      `import { platformServices } from './test/platform';\n` +
        `void platformServices().then((d) => console.log(JSON.stringify(Object.entries(d).map(([k, v]) => [k, v.name, (v.consumers ?? []).map((c) => c.durable)]))));\n`,
    );
    const listed = run(process.execPath, ['--import', 'tsx', probe], path.join(scratch, 'tests', 'e2e'));
    expect(succeeded(listed)).toEqual({ status: 0, output: '' });
    const services = JSON.parse(listed.output.trim().split('\n').at(-1)!) as Array<
      [string, string, string[]]
    >;
    expect(services.map(([name]) => name)).toEqual(
      (parse(read('gateway', 'subgraphs.yaml')) as { subgraphs: Array<{ name: string }> }).subgraphs.map(
        (s) => s.name,
      ),
    );
    const [, definitionName, durables] = services.find(([name]) => name === NAME)!;
    expect(definitionName).toBe(NAME);
    expect(durables).toEqual([expect.stringMatching(new RegExp(`^e2e-.*-${NAME}-directory-replica$`))]);
  }, 90_000);

  it('refuses a taken name or port, a bad name or record, and writes nothing then', async () => {
    const before = snapshot(scratch);
    const other = await freePort();
    const refusals: Array<[Parameters<typeof newSubgraph>[0], RegExp]> = [
      [
        { name: NAME, port: other },
        /already in gateway\/subgraphs\.yaml[\s\S]*services\/.* exists: refusing to overwrite/,
      ],
      [{ name: 'finance', port: other }, /@smss\/finance is already a workspace package/],
      [{ name: 'trust', port: other }, /@smss\/trust is already a workspace package/],
      [{ name: 'probe-new', port }, new RegExp(`port ${port}: used by ${NAME}`)],
      [{ name: 'probe-new', port: 4000 }, /port 4000: the gateway's/],
      [{ name: 'Probe_New', port: other }, /name "Probe_New": lowercase letters/],
      [{ name: 'probe-', port: other }, /name "probe-": lowercase letters/],
      [{ name: 'probe-new', port: 80 }, /port "80": an integer 1024–65535/],
      [{ name: 'probe-new', port: other, record: 'School' }, /record "School"/],
      [{ name: 'probe-new', port: other, record: 'field_visit' }, /record "field_visit"/],
    ];
    for (const [options, message] of refusals) {
      await expect(newSubgraph({ root: scratch, install: false, ...options })).rejects.toThrow(message);
    }
    expect(snapshot(scratch)).toEqual(before);
  }, 60_000);

  it('removes what it created when the new subgraph does not compose', async () => {
    const before = snapshot(scratch);
    // A second `Student` with the same root fields as the students subgraph's: composition refuses it.
    await expect(
      newSubgraph({
        root: scratch,
        install: false,
        name: 'probe-clash',
        port: await freePort(),
        record: 'Student',
      }),
    ).rejects.toThrow(/Supergraph composition failed[\s\S]*probe-clash was not created/);
    expect(snapshot(scratch)).toEqual(before);
    expect(existsSync(path.join(scratch, 'services', 'probe-clash'))).toBe(false);
  }, 60_000);
});
