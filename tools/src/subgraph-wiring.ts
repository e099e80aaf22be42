/**
 * The places a subgraph must be listed, as pure text edits (text in, text out) that `new-subgraph.ts`
 * applies. Each edit inserts next to the entries already there and keeps everything else byte for
 * byte (comments included); each throws when it cannot find where to insert, before anything is
 * written. The results are checked by the tests that already guard these files
 * (tools/test/docker-compose.test.ts, gateway/test/compose.test.ts) and by tools/test/new-subgraph.test.ts.
 */

/** Every spelling of a new subgraph's names the templates and the wiring use. */
export interface SubgraphNames {
  /** `school-health`: package `@smss/school-health`, folder, subgraph, compose and k8s name. */
  name: string;
  /** `school_health`: database `smss_school_health`, SQL identifiers. */
  snake: string;
  /** `SCHOOL_HEALTH`: `SCHOOL_HEALTH_URL`, stream `SCHOOL_HEALTH`. */
  upper: string;
  /** `SchoolHealth`: `createSchoolHealthService`, `SchoolHealthContext`. */
  pascal: string;
  /** The example record type: `SchoolHealthRecord` (or `--record`). */
  record: string;
  records: string;
  recordCamel: string;
  recordsCamel: string;
  recordSnake: string;
  recordKebab: string;
  /** `school health record`, for descriptions. */
  recordWords: string;
  recordsWords: string;
}

export const SUBGRAPH_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const RECORD_NAME = /^[A-Z][a-z0-9]+([A-Z][a-z0-9]*)*$/;

const pluralise = (word: string): string =>
  /[^aeiou]y$/i.test(word)
    ? `${word.slice(0, -1)}ies`
    : /(s|x|z|ch|sh)$/i.test(word)
      ? `${word}es`
      : `${word}s`;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const kebabOfPascal = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** The factory every service package exports: `create<Name>Service(options)` (see @smss/service-kit). */
export const pascalOf = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

export function namesFor(name: string, record = `${pascalOf(name)}Record`): SubgraphNames {
  const records = pluralise(record);
  const recordKebab = kebabOfPascal(record);
  return {
    name,
    snake: name.replace(/-/g, '_'),
    upper: name.replace(/-/g, '_').toUpperCase(),
    pascal: pascalOf(name),
    record,
    records,
    recordCamel: lowerFirst(record),
    recordsCamel: lowerFirst(records),
    recordSnake: recordKebab.replace(/-/g, '_'),
    recordKebab,
    recordWords: recordKebab.replace(/-/g, ' '),
    recordsWords: kebabOfPascal(records).replace(/-/g, ' '),
  };
}

const lines = (text: string) => text.split('\n');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function fail(file: string, what: string): never {
  throw new Error(
    `${file}: cannot find ${what}; add the subgraph there by hand or restore the file's layout`,
  );
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * The line range [start, end) of the YAML block `key:` at `indent` spaces inside [from, to): from its
 * key line to the next non-blank line indented at most as much.
 */
function yamlBlock(
  all: string[],
  key: string,
  indent: number,
  from = 0,
  to = all.length,
): [number, number] | null {
  const head = `${' '.repeat(indent)}${key}:`;
  const start = all.findIndex((l, i) => i >= from && i < to && (l === head || l.startsWith(`${head} `)));
  if (start < 0) return null;
  let end = start + 1;
  while (end < to && (all[end]!.trim() === '' || indentOf(all[end]!) > indent)) end += 1;
  // Trailing blank lines and comments belong to the next block.
  while (end > start + 1 && (all[end - 1]!.trim() === '' || all[end - 1]!.trimStart().startsWith('#')))
    end -= 1;
  return [start, end];
}

/** Append an entry to gateway/subgraphs.yaml (the list composition, the launcher and the e2e platform read). */
export function addToSubgraphsYaml(text: string, n: SubgraphNames, port: number): string {
  if (!/^subgraphs:\s*$/m.test(text)) fail('gateway/subgraphs.yaml', 'the `subgraphs:` list');
  const entry = [
    `  - name: ${n.name}`,
    `    schema: ../services/${n.name}/schema.graphql`,
    `    url: http://127.0.0.1:${port}/graphql`,
    `    urlEnv: ${n.upper}_URL`,
    `    port: ${port}`,
  ].join('\n');
  return `${text.replace(/\n*$/, '')}\n${entry}\n`;
}

/**
 * docker-compose.yml: a service block made from the `schools` block (same build, environment anchor,
 * health check and start order, without its demo data), then the gateway's `<NAME>_URL` and its
 * `depends_on`.
 */
export function addToDockerCompose(text: string, n: SubgraphNames, port: number): string {
  const file = 'docker-compose.yml';
  const all = lines(text);
  const services = yamlBlock(all, 'services', 0) ?? fail(file, 'the `services:` mapping');
  const schools = yamlBlock(all, 'schools', 2, ...services) ?? fail(file, 'the `schools` service to copy');
  const gateway = yamlBlock(all, 'gateway', 2, ...services) ?? fail(file, 'the `gateway` service');
  const block: string[] = [];
  for (const line of all.slice(...schools)) {
    if (/^\s+DEMO_DATA:/.test(line)) {
      while (block.length && block[block.length - 1]!.trimStart().startsWith('#')) block.pop();
      continue;
    }
    block.push(
      line
        .replace(/smss_schools\b/g, `smss_${n.snake}`)
        .replace(/\bschools\b/g, n.name)
        .replace(/\b4001\b/g, String(port)),
    );
  }
  const [gStart, gEnd] = gateway;
  const gw = all.slice(gStart, gEnd);
  const urlLines = gw
    .map((l, i) => (/^\s+[A-Z][A-Z0-9_]*_URL: http:\/\//.test(l) ? i : -1))
    .filter((i) => i >= 0);
  const lastUrl = urlLines.at(-1) ?? fail(file, "the gateway's <NAME>_URL variables");
  gw.splice(
    lastUrl + 1,
    0,
    `${' '.repeat(indentOf(gw[lastUrl]!))}${n.upper}_URL: http://${n.name}:${port}/graphql`,
  );
  const deps = yamlBlock(gw, 'depends_on', 4) ?? fail(file, "the gateway's depends_on");
  gw.splice(deps[1], 0, `      ${n.name}:`, '        condition: service_healthy');
  const out = [...all.slice(0, gStart), ...block, '', ...gw, ...all.slice(gEnd)];
  return out.join('\n');
}

/** infra/k8s/<name>.yaml: the schools manifest (Deployment, Service, PodDisruptionBudget) for the new subgraph. */
export function k8sManifestFrom(schoolsManifest: string, n: SubgraphNames, port: number): string {
  const all = lines(schoolsManifest);
  const body = all.slice(all.findIndex((l) => !l.startsWith('#')));
  const header = [
    `# Subgraph \`${n.name}\` (gateway/subgraphs.yaml: port ${port}, urlEnv ${n.upper}_URL).`,
    '# Made by `npm run new:subgraph` from schools.yaml; adjust replicas and resources to the load.',
    '# Several replicas are safe: the outbox relay claims rows with FOR UPDATE SKIP LOCKED.',
  ];
  const manifest = [...header, ...body]
    .join('\n')
    .replace(/\bSCHOOLS_/g, `${n.upper}_`)
    .replace(/\bschools\b/g, n.name)
    .replace(/\b4001\b/g, String(port));
  if (/schools|4001/i.test(manifest.split('\n').slice(header.length).join('\n')))
    fail('infra/k8s/schools.yaml', 'only names and ports to replace (it mentions schools elsewhere)');
  return manifest;
}

/** infra/k8s/kustomization.yaml: the manifest in `resources` (before the gateway) and the image tag. */
export function addToKustomization(text: string, n: SubgraphNames): string {
  const file = 'infra/k8s/kustomization.yaml';
  const all = lines(text);
  const gatewayResource = all.findIndex((l) => /^\s+- gateway\.yaml\s*$/.test(l));
  if (gatewayResource < 0) fail(file, '`- gateway.yaml` in resources');
  all.splice(gatewayResource, 0, all[gatewayResource]!.replace('gateway.yaml', `${n.name}.yaml`));
  const schoolsImage = all.findIndex((l) => /^\s+- name: smss\/schools\s*$/.test(l));
  const gatewayImage = all.findIndex((l) => /^\s+- name: smss\/gateway\s*$/.test(l));
  if (schoolsImage >= 0 && gatewayImage >= 0) {
    const tag = all[schoolsImage + 1] ?? '';
    all.splice(gatewayImage, 0, all[schoolsImage]!.replace('smss/schools', `smss/${n.name}`), tag);
  }
  return all.join('\n');
}

/** infra/k8s/gateway.yaml: the gateway's `<NAME>_URL` pointing at the subgraph's cluster Service. */
export function addToK8sGateway(text: string, n: SubgraphNames, port: number): string {
  const all = lines(text);
  const names = all
    .map((l, i) => (/^\s+- name: [A-Z][A-Z0-9_]*_URL\s*$/.test(l) ? i : -1))
    .filter((i) => i >= 0);
  const last = names.at(-1) ?? fail('infra/k8s/gateway.yaml', "the gateway's <NAME>_URL env entries");
  const value = all[last + 1] ?? '';
  const host = /http:\/\/[a-z0-9-]+(\.[^:/]+)?:\d+/.exec(value)?.[1] ?? '';
  all.splice(
    last + 2,
    0,
    all[last]!.replace(/- name: \S+/, `- name: ${n.upper}_URL`),
    value.replace(/value: .*/, `value: http://${n.name}${host}:${port}/graphql`),
  );
  return all.join('\n');
}

/** infra/k8s/secret.example.yaml: the `<NAME>_DATABASE_URL` key the Deployment maps to DATABASE_URL. */
export function addToSecretExample(text: string, n: SubgraphNames): string {
  const all = lines(text);
  const keys = all
    .map((l, i) => (/^\s+[A-Z][A-Z0-9_]*_DATABASE_URL: /.test(l) ? i : -1))
    .filter((i) => i >= 0);
  const last = keys.at(-1) ?? fail('infra/k8s/secret.example.yaml', 'the <NAME>_DATABASE_URL keys');
  const schools = all.find((l) => /^\s+SCHOOLS_DATABASE_URL: /.test(l)) ?? all[last]!;
  all.splice(
    last + 1,
    0,
    schools
      .replace(/SCHOOLS_DATABASE_URL/, `${n.upper}_DATABASE_URL`)
      .replace(/smss_schools/g, `smss_${n.snake}`),
  );
  // Its NATS user's password (the k8s manifest made from schools.yaml reads <NAME>_NATS_PASSWORD).
  const nats = all
    .map((l, i) => (/^\s+[A-Z][A-Z0-9_]*_NATS_PASSWORD: /.test(l) ? i : -1))
    .filter((i) => i >= 0);
  const lastNats = nats.at(-1);
  if (lastNats !== undefined)
    all.splice(
      lastNats + 1,
      0,
      all[lastNats]!.replace(/^(\s+)[A-Z][A-Z0-9_]*_NATS_PASSWORD:/, `$1${n.upper}_NATS_PASSWORD:`),
    );
  return all.join('\n');
}

/** The README's table of services and ports. */
export function addToReadme(text: string, n: SubgraphNames, port: number, owns: string): string {
  const all = lines(text);
  const rows = all
    .map((l, i) => (/^\| `services\/[a-z0-9-]+` \| \d+ \|/.test(l) ? i : -1))
    .filter((i) => i >= 0);
  const last = rows.at(-1) ?? fail('README.md', 'the table of services and ports');
  all.splice(last + 1, 0, `| \`services/${n.name}\` | ${port} | ${owns} | \`smss_${n.snake}\` |`);
  return all.join('\n');
}

/** docs/architecture.md: the "Services and what flows between them" table. */
export function addToArchitecture(text: string, n: SubgraphNames, owns: string): string {
  const all = lines(text);
  const header = all.findIndex((l) => /^\| service \| owns \| publishes \| consumes \|/.test(l));
  if (header < 0) fail('docs/architecture.md', 'the table `| service | owns | publishes | consumes |`');
  let end = header + 1;
  while (end < all.length && all[end]!.startsWith('|')) end += 1;
  all.splice(
    end,
    0,
    `| ${n.name} | ${owns} | \`${n.name}.${n.recordKebab}.recorded.v1\` | schools (replica) |`,
  );
  return all.join('\n');
}

/** libs/events/src/contracts/index.ts: export the contract file and register the stream in STREAMS. */
export function addToEventContracts(text: string, n: SubgraphNames): string {
  const file = 'libs/events/src/contracts/index.ts';
  const all = lines(text);
  const imports = all
    .map((l, i) => (/^import .* from '\.\/[a-z0-9-]+';$/.test(l) ? i : -1))
    .filter((i) => i >= 0);
  const exports = all
    .map((l, i) => (/^export \* from '\.\/[a-z0-9-]+';$/.test(l) ? i : -1))
    .filter((i) => i >= 0);
  const lastExport = exports.at(-1) ?? fail(file, "the `export * from './…'` lines");
  all.splice(lastExport + 1, 0, `export * from './${n.name}';`);
  const streams = all.findIndex((l) => /^export const STREAMS\b/.test(l));
  if (streams < 0) fail(file, 'the STREAMS list');
  const close = all.findIndex((l, i) => i > streams && /^\];\s*$/.test(l));
  if (close < 0) fail(file, 'the end of the STREAMS list');
  all.splice(
    close,
    0,
    `  { name: ${n.upper}_STREAM, subjects: ['${n.name}.>'], owner: '${n.name}', description: '${n.pascal} events' },`,
  );
  all.splice((imports.at(-1) ?? -1) + 1, 0, `import { ${n.upper}_STREAM } from './${n.name}';`);
  return all.join('\n');
}

/** tests/e2e/package.json: the e2e platform boots every subgraph of subgraphs.yaml, so it depends on each. */
export function addToE2ePackage(text: string, n: SubgraphNames): string {
  const pkg = JSON.parse(text) as { dependencies?: Record<string, string> };
  pkg.dependencies = { ...(pkg.dependencies ?? {}), [`@smss/${n.name}`]: '*' };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** A regular expression that finds any of `tokens` (longest first, so none matches inside another). */
export function tokenPattern(tokens: readonly string[]): RegExp {
  return new RegExp(
    [...tokens]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
}

/**
 * The NATS Helm values (infra/k8s/nats-values.yaml): the generated `authorization` block replaced by
 * `authorizationYaml` (`helmAuthorization` of every subgraph, the new one included, as YAML with the
 * `authorization:` key at column 0), the regeneration command's service list, and the new user's
 * password in the server container's environment.
 */
export function addToNatsValues(text: string, n: SubgraphNames, authorizationYaml: string): string {
  const all = lines(text);
  const file = 'infra/k8s/nats-values.yaml';
  const command = all.findIndex((l) => l.includes('tools/src/nats-config.ts --helm '));
  if (command < 0) fail(file, 'the `nats-config.ts --helm` command line');
  if (!all[command]!.split(/\s+/).includes(n.name)) all[command] = `${all[command]} ${n.name}`;
  const start = all.findIndex((l) => l === '    authorization:');
  if (start < 0) fail(file, 'the `    authorization:` block');
  let end = start + 1;
  while (end < all.length && (all[end]!.trim() === '' || all[end]!.startsWith('      '))) end++;
  while (end > start + 1 && all[end - 1]!.trim() === '') end--;
  const block = authorizationYaml
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`);
  all.splice(start, end - start, ...block);
  const ops = all.findIndex((l) => l === '    OPS_NATS_PASSWORD:');
  if (ops < 0) fail(file, 'the `    OPS_NATS_PASSWORD:` container env entry');
  const key = `${n.upper}_NATS_PASSWORD`;
  if (!all.includes(`    ${key}:`))
    all.splice(
      ops,
      0,
      `    ${key}:`,
      '      valueFrom:',
      '        secretKeyRef:',
      '          name: smss-nats-users',
      `          key: ${key}`,
    );
  return all.join('\n');
}
