/**
 * `npm run new:subgraph -- <name> <port> [--record <TypeName>] [--owns "<what it owns>"]`
 *
 * Creates services/<name> from tools/templates/subgraph (the shared skeleton: schema with the federation
 * link, the trust directives and a `School` extension, environment, server, context, migrations with the
 * directory replica, an example record module, `_entities` contract and classification tests, README,
 * .env.template), its event contract in libs/events, and lists it everywhere a subgraph is listed:
 * gateway/subgraphs.yaml and the composed supergraph, docker-compose.yml, infra/k8s, the READMEs'
 * tables, the e2e package (its platform reads subgraphs.yaml), node_modules and package-lock.json.
 * It refuses a bad or taken name or port and never overwrites anything; when composition fails it
 * removes what it created and changes nothing else.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { helmAuthorization } from './nats-config';
import { buildDataDictionary, composeSupergraph, readSubgraphList, serialiseDataDictionary } from '@smss/gateway';
import { TRUST_DIRECTIVES_SDL } from '@smss/trust';
import {
  addToArchitecture,
  addToDockerCompose,
  addToE2ePackage,
  addToEventContracts,
  addToK8sGateway,
  addToKustomization,
  addToReadme,
  addToNatsValues,
  addToSecretExample,
  addToSubgraphsYaml,
  k8sManifestFrom,
  namesFor,
  RECORD_NAME,
  SUBGRAPH_NAME,
  tokenPattern,
  type SubgraphNames,
} from './subgraph-wiring';

export interface NewSubgraphOptions {
  /** The repository root (default: this checkout). */
  root?: string;
  name: string;
  port: number;
  /** The example record type (PascalCase, default `<Name>Record`). */
  record?: string;
  /** One line: what the subgraph owns (README and architecture tables, descriptions). */
  owns?: string;
  /** Link the workspace in node_modules and record it in package-lock.json (default true). */
  install?: boolean;
  /** Clock for the migration timestamp (tests). */
  now?: () => number;
}

export interface NewSubgraphReport {
  names: SubgraphNames;
  created: string[];
  changed: string[];
  /** Set when package-lock.json could not be updated offline: run `npm install`. */
  lockNote?: string;
}

/** Type names the example record may not take: the skeleton's own, and the directory's entities. */
const RESERVED_TYPES = new Set([
  'Query',
  'Mutation',
  'Subscription',
  'School',
  'PageInfo',
  'AreaOffice',
  'Province',
]);
const GATEWAY_PORT = 4000;
const TEMPLATE_DIR = ['tools', 'templates', 'subgraph'];
const CONTRACT_TEMPLATE = ['tools', 'templates', 'events-contract.ts'];

const rel = (root: string, file: string) => path.relative(root, file);

/** Is `port` free on this machine right now? */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Every workspace package name of the repository (`@smss/…`): a new service must not reuse one. */
function workspacePackageNames(root: string): Set<string> {
  const { workspaces = [] } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    workspaces?: string[];
  };
  const names = new Set<string>();
  for (const pattern of workspaces) {
    const dirs = pattern.endsWith('/*')
      ? (() => {
          const parent = path.join(root, pattern.slice(0, -2));
          return existsSync(parent) ? readdirSync(parent).map((d) => path.join(parent, d)) : [];
        })()
      : [path.join(root, pattern)];
    for (const dir of dirs) {
      const manifest = path.join(dir, 'package.json');
      if (existsSync(manifest))
        names.add((JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name);
    }
  }
  return names;
}

/** Refuse anything that would clash with what exists, listing every problem at once. */
async function validate(root: string, n: SubgraphNames, port: number): Promise<void> {
  const problems: string[] = [];
  if (!SUBGRAPH_NAME.test(n.name) || n.name.length > 40)
    problems.push(
      `name "${n.name}": lowercase letters, digits and single hyphens, starting with a letter ([a-z][a-z0-9-]*), at most 40`,
    );
  if (!RECORD_NAME.test(n.record) || RESERVED_TYPES.has(n.record))
    problems.push(
      `record "${n.record}": a PascalCase GraphQL type name other than ${[...RESERVED_TYPES].join(', ')}`,
    );
  if (!Number.isInteger(port) || port < 1024 || port > 65535)
    problems.push(`port "${port}": an integer 1024–65535`);
  const subgraphs = readSubgraphList(path.join(root, 'gateway', 'subgraphs.yaml'));
  if (['gateway', 'tools', 'e2e'].includes(n.name) || workspacePackageNames(root).has(`@smss/${n.name}`))
    problems.push(`name "${n.name}": @smss/${n.name} is already a workspace package`);
  if (subgraphs.some((s) => s.name === n.name))
    problems.push(`name "${n.name}": already in gateway/subgraphs.yaml`);
  for (const taken of [
    ['services', n.name],
    ['libs', 'events', 'src', 'contracts', `${n.name}.ts`],
    ['infra', 'k8s', `${n.name}.yaml`],
  ]) {
    if (existsSync(path.join(root, ...taken)))
      problems.push(`${taken.join('/')} exists: refusing to overwrite it`);
  }
  const user = subgraphs.find((s) => s.port === port);
  if (user) problems.push(`port ${port}: used by ${user.name} in gateway/subgraphs.yaml`);
  else if (port === GATEWAY_PORT) problems.push(`port ${port}: the gateway's`);
  else if (Number.isInteger(port) && port >= 1024 && port <= 65535 && !(await portIsFree(port)))
    problems.push(`port ${port}: something on this machine is listening on it`);
  if (problems.length) throw new Error(`Cannot create subgraph "${n.name}":\n  - ${problems.join('\n  - ')}`);
}

/** The environment table of the schools README, for this service (the variables every service shares). */
function environmentTable(root: string, n: SubgraphNames, port: number): string {
  const readme = readFileSync(path.join(root, 'services', 'schools', 'README.md'), 'utf8');
  const section = /## Environment\n\n([\s\S]*?)(\n\n|$)/.exec(readme)?.[1];
  if (!section) throw new Error('services/schools/README.md has no "## Environment" table to start from');
  return section
    .split('\n')
    .map((line) =>
      /^\| `DEMO_DATA` /.test(line)
        ? `| \`DEMO_DATA\` | none | accepted like every service's; ${n.name} has no demo data yet |`
        : line
            .replace(/smss_schools\b/g, `smss_${n.snake}`)
            .replace(/\| 4001 \|/, `| ${port} |`)
            .replace(/`schools\.>`/g, `\`${n.name}.>\``),
    )
    .join('\n');
}

/** .env.template: the schools one (shared variables, development defaults) for this service. */
function envTemplate(root: string, n: SubgraphNames, port: number): string {
  return readFileSync(path.join(root, 'services', 'schools', '.env.template'), 'utf8')
    .replace(/^# schools subgraph/m, `# ${n.name} subgraph`)
    .replace(/^PORT=4001$/m, `PORT=${port}`)
    .replace(/smss_schools\b/g, `smss_${n.snake}`)
    .split('\n')
    .filter((line) => !/^DEMO_DATA=/.test(line))
    .join('\n');
}

/** Dependency versions as the repository already pins them, so a new service never brings a second copy. */
function alignVersions(root: string, manifest: string): string {
  const pinned = new Map<string, string>();
  for (const dir of ['services', 'libs']) {
    const parent = path.join(root, dir);
    for (const entry of readdirSync(parent)) {
      const file = path.join(parent, entry, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
      for (const [dep, version] of Object.entries({ ...pkg.devDependencies, ...pkg.dependencies }))
        if (!pinned.has(dep)) pinned.set(dep, version);
    }
  }
  const pkg = JSON.parse(manifest) as Record<string, Record<string, string> | undefined>;
  for (const field of ['dependencies', 'devDependencies']) {
    for (const dep of Object.keys(pkg[field] ?? {})) {
      const version = pinned.get(dep);
      if (version) pkg[field]![dep] = version;
    }
  }
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Write the template files with every placeholder filled; fails on a placeholder it does not know. */
function render(template: string, values: Record<string, string>): string {
  const out = template.replace(tokenPattern(Object.keys(values)), (token) => values[token]!);
  const left = /__[A-Za-z][A-Za-z_]*__/.exec(out);
  if (left) throw new Error(`unknown template placeholder ${left[0]}`);
  return out;
}

function placeholderValues(root: string, n: SubgraphNames, port: number, owns: string, timestamp: number) {
  return {
    '# __TRUST_DIRECTIVES__': TRUST_DIRECTIVES_SDL,
    __ENV_TABLE__: environmentTable(root, n, port),
    __OWNS__: owns,
    __TIMESTAMP__: String(timestamp),
    __PORT__: String(port),
    __name_snake__: n.snake,
    __name__: n.name,
    __NAME__: n.upper,
    __Name__: n.pascal,
    __record_snake__: n.recordSnake,
    __record_kebab__: n.recordKebab,
    __record_words__: n.recordWords,
    __records_words__: n.recordsWords,
    __Records__: n.records,
    __Record__: n.record,
    __records__: n.recordsCamel,
    __record__: n.recordCamel,
  };
}

/** Format the generated sources the way the repository is formatted (prettier, its .prettierrc.json). */
function format(root: string, files: string[]): void {
  const sources = files.filter((f) => /\.(ts|graphql|md|json)$/.test(f));
  const prettier = require.resolve('prettier/bin/prettier.cjs', { paths: [root] });
  const run = spawnSync(process.execPath, [prettier, '--write', '--log-level', 'warn', ...sources], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(`the generated files do not format (prettier):\n${run.stderr || run.stdout}`);
}

/** Link the workspace as npm does, then record it in package-lock.json without the network. */
function install(root: string, n: SubgraphNames): string | undefined {
  const scope = path.join(root, 'node_modules', '@smss');
  const link = path.join(scope, n.name);
  if (existsSync(scope) && !existsSync(link))
    symlinkSync(path.join('..', '..', 'services', n.name), link, 'dir');
  const npm = spawnSync(
    'npm',
    [
      'install',
      '--package-lock-only',
      '--offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  if (npm.status === 0) return undefined;
  return `package-lock.json was not updated offline (${(npm.stderr || npm.stdout || '').trim().split('\n')[0]}): run \`npm install\``;
}

export async function newSubgraph(options: NewSubgraphOptions): Promise<NewSubgraphReport> {
  const root = path.resolve(options.root ?? path.join(__dirname, '..', '..'));
  const n = namesFor(options.name, options.record);
  const port = options.port;
  // One line that fits a Markdown table cell and a description.
  const owns = (options.owns ?? `${n.recordsWords} of schools (describe what ${n.name} owns)`)
    .replace(/\s+/g, ' ')
    .replace(/\|/g, '/')
    .trim();
  await validate(root, n, port);

  // 1. Every edit of a shared file, computed before anything is written.
  const read = (...p: string[]) => readFileSync(path.join(root, ...p), 'utf8');
  const edits: Array<[string, string]> = [
    ['gateway/subgraphs.yaml', addToSubgraphsYaml(read('gateway', 'subgraphs.yaml'), n, port)],
    ['docker-compose.yml', addToDockerCompose(read('docker-compose.yml'), n, port)],
    ['infra/k8s/kustomization.yaml', addToKustomization(read('infra', 'k8s', 'kustomization.yaml'), n)],
    ['infra/k8s/gateway.yaml', addToK8sGateway(read('infra', 'k8s', 'gateway.yaml'), n, port)],
    ['infra/k8s/secret.example.yaml', addToSecretExample(read('infra', 'k8s', 'secret.example.yaml'), n)],
    [
      'infra/k8s/nats-values.yaml',
      addToNatsValues(
        read('infra', 'k8s', 'nats-values.yaml'),
        n,
        stringifyYaml({
          authorization: helmAuthorization([
            ...readSubgraphList(path.join(root, 'gateway', 'subgraphs.yaml')).map((s) => s.name),
            n.name,
          ]),
        }),
      ),
    ],
    [
      'libs/events/src/contracts/index.ts',
      addToEventContracts(read('libs', 'events', 'src', 'contracts', 'index.ts'), n),
    ],
    ['tests/e2e/package.json', addToE2ePackage(read('tests', 'e2e', 'package.json'), n)],
    ['README.md', addToReadme(read('README.md'), n, port, owns)],
    ['docs/architecture.md', addToArchitecture(read('docs', 'architecture.md'), n, owns)],
  ];
  const compose = parseYaml(edits[1]![1], { merge: true }) as { services?: Record<string, unknown> };
  if (!compose.services?.[n.name]) throw new Error('docker-compose.yml: the new service block did not parse');

  // 2. The new files.
  const values = placeholderValues(root, n, port, owns, (options.now ?? Date.now)());
  const templates = path.join(root, ...TEMPLATE_DIR);
  const serviceDir = path.join(root, 'services', n.name);
  const created: Array<[string, string]> = filesUnder(templates).map((file) => {
    const target = path.join(serviceDir, render(path.relative(templates, file), values));
    const text = render(readFileSync(file, 'utf8'), values);
    return [target, path.basename(target) === 'package.json' ? alignVersions(root, text) : text];
  });
  created.push(
    [path.join(root, 'services', n.name, '.env.template'), envTemplate(root, n, port)],
    [
      path.join(root, 'libs', 'events', 'src', 'contracts', `${n.name}.ts`),
      render(read(...CONTRACT_TEMPLATE), values),
    ],
    [
      path.join(root, 'infra', 'k8s', `${n.name}.yaml`),
      k8sManifestFrom(read('infra', 'k8s', 'schools.yaml'), n, port),
    ],
  );
  const removeCreated = () => {
    rmSync(serviceDir, { recursive: true, force: true });
    for (const [file] of created) rmSync(file, { force: true });
  };
  try {
    for (const [file, text] of created) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text, { flag: 'wx' });
    }
    format(
      root,
      created.map(([file]) => file).filter((file) => !file.startsWith(path.join(root, 'infra'))),
    );
    // 3. Composition with the new subgraph; nothing shared is touched if it fails.
    const subgraphsFile = path.join(root, 'gateway', 'subgraphs.yaml');
    const entries = readSubgraphList(subgraphsFile);
    const withNew = [
      ...entries,
      {
        name: n.name,
        schema: `../services/${n.name}/schema.graphql`,
        schemaPath: path.join(serviceDir, 'schema.graphql'),
        url: `http://127.0.0.1:${port}/graphql`,
        urlEnv: `${n.upper}_URL`,
        port,
      },
    ];
    const supergraph = composeSupergraph(withNew);
    const dictionary = serialiseDataDictionary(buildDataDictionary(withNew));
    for (const [file, text] of edits) writeFileSync(path.join(root, file), text);
    writeFileSync(path.join(root, 'gateway', 'supergraph.graphql'), supergraph);
    writeFileSync(path.join(root, 'gateway', 'data-dictionary.json'), dictionary);
  } catch (error) {
    removeCreated();
    throw new Error(`${(error as Error).message}\n${n.name} was not created: the repository is as it was.`);
  }
  const lockNote = options.install === false ? undefined : install(root, n);
  return {
    names: n,
    created: created.map(([file]) => rel(root, file)).sort(),
    changed: [
      ...edits.map(([file]) => file),
      'gateway/supergraph.graphql',
      'gateway/data-dictionary.json',
      ...(lockNote || options.install === false ? [] : ['package-lock.json']),
    ],
    lockNote,
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      record: { type: 'string' },
      owns: { type: 'string' },
      'no-install': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const [name, portText] = positionals;
  if (!name || !portText || positionals.length > 2) {
    throw new Error(
      'usage: npm run new:subgraph -- <name> <port> [--record <TypeName>] [--owns "<what it owns>"] [--no-install]',
    );
  }
  const report = await newSubgraph({
    name,
    port: Number(portText),
    record: values.record,
    owns: values.owns,
    install: !values['no-install'],
  });
  const n = report.names;
  process.stdout.write(
    [
      `Created subgraph ${n.name} (@smss/${n.name}) with the example record ${n.record}.`,
      '',
      'New files:',
      ...report.created.map((f) => `  ${f}`),
      'Changed:',
      ...report.changed.map((f) => `  ${f}`),
      ...(report.lockNote ? ['', report.lockNote] : []),
      '',
      'Next:',
      `  npm test -w @smss/${n.name}            # its own tests (real PostgreSQL and NATS)`,
      `  edit services/${n.name}/schema.graphql  # rename ${n.record} for the domain, then \`npm run compose\``,
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
