// Static checks of the deployment files (no Docker engine needed): docker-compose.yml, the image
// recipe and the kustomize base must agree with the subgraphs declared in gateway/subgraphs.yaml.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import { RUNTIME_ENV } from '../src/processes';

const ROOT = path.resolve(__dirname, '../..');
const fromRoot = (...segments: string[]) => path.join(ROOT, ...segments);

interface Subgraph {
  name: string;
  url: string;
  urlEnv: string;
  port: number;
}

type Environment = Record<string, string | number | boolean | null> | string[];

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  command?: string | string[];
  environment?: Environment;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const COMPOSE_FILE = fromRoot('docker-compose.yml');
const composeSource = readFileSync(COMPOSE_FILE, 'utf8');
// Compose honours YAML merge keys (`<<: *anchor`); YAML 1.2 only does when asked to.
const compose = parse(composeSource, { merge: true }) as ComposeFile;
const subgraphs = (
  parse(readFileSync(fromRoot('gateway/subgraphs.yaml'), 'utf8')) as { subgraphs: Subgraph[] }
).subgraphs;

/**
 * Compose's variable interpolation as `docker compose up` sees it with nothing set:
 * `${VAR:-default}` / `${VAR-default}` take the default, `${VAR}` is empty, `$$` is a literal `$`.
 */
function interpolate(value: string, env: Record<string, string> = {}): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (match, name, op, arg) => {
    if (match === '$$') return '$';
    const set = env[name as string];
    switch (op as string | undefined) {
      case ':-':
        return set ? set : (arg as string);
      case '-':
        return set ?? (arg as string);
      case ':?':
      case '?':
        if (set === undefined || (op === ':?' && set === ''))
          throw new Error(`${name as string} is required: ${arg as string}`);
        return set;
      default:
        return set ?? '';
    }
  });
}

/** A service's environment as the container receives it (mapping or KEY=VALUE list, interpolated). */
function environmentOf(service: ComposeService | undefined): Record<string, string> {
  const raw = service?.environment ?? {};
  const entries: Array<[string, string]> = Array.isArray(raw)
    ? raw.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(raw).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value)]));
}

const buildOf = (service: ComposeService) =>
  typeof service.build === 'string' ? { context: service.build } : (service.build ?? {});

function buildArgs(service: ComposeService): Record<string, string> {
  const args = buildOf(service).args ?? {};
  if (!Array.isArray(args)) return args;
  return Object.fromEntries(
    args.map((line) => [line.split('=')[0] ?? '', line.split('=').slice(1).join('=')]),
  );
}

/** The services built from this repository: the gateway and the subgraphs. */
const appServices = () =>
  Object.entries(compose.services).filter(([, service]) => service.build !== undefined);

const dependencies = (service: ComposeService | undefined): Record<string, string | undefined> => {
  const deps = service?.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition]));
};

describe('docker-compose.yml', () => {
  it('parses as YAML without errors or warnings', () => {
    const doc = parseDocument(composeSource, { merge: true });
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
    expect(typeof compose.services).toBe('object');
  });

  it('needs no variables set: every ${VAR} it interpolates has a default', () => {
    const withoutDefault = [...composeSource.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?\}/g)]
      .filter((m) => !m[2] || !/^:?-/.test(m[2]))
      .map((m) => m[0]);
    expect(withoutDefault).toEqual([]);
  });

  it('defines postgres, nats, the gateway and every subgraph listed in gateway/subgraphs.yaml', () => {
    expect(subgraphs.length).toBeGreaterThan(0);
    const names = Object.keys(compose.services);
    for (const name of ['postgres', 'nats', 'gateway', ...subgraphs.map((s) => s.name)]) {
      expect(names).toContain(name);
    }
  });

  it('runs NATS with JetStream enabled (-js)', () => {
    const { command } = compose.services.nats!;
    const args = Array.isArray(command) ? command : String(command ?? '').split(/\s+/);
    expect(args).toContain('-js');
  });

  it('disables Apollo and Turbo telemetry in every app service', () => {
    const apps = appServices();
    expect(apps.map(([name]) => name).sort()).toEqual(['gateway', ...subgraphs.map((s) => s.name)].sort());
    for (const [name, service] of apps) {
      const env = environmentOf(service);
      expect({ name, apollo: env.APOLLO_TELEMETRY_DISABLED, turbo: env.TURBO_TELEMETRY_DISABLED }).toEqual({
        name,
        apollo: '1',
        turbo: '1',
      });
    }
  });

  it("points the gateway's <NAME>_URL (urlEnv) at http://<name>:<port>/graphql for every subgraph", () => {
    const gatewayEnv = environmentOf(compose.services.gateway);
    for (const subgraph of subgraphs) {
      expect(gatewayEnv[subgraph.urlEnv]).toBe(`http://${subgraph.name}:${subgraph.port}/graphql`);
      expect(environmentOf(compose.services[subgraph.name]).PORT).toBe(String(subgraph.port));
    }
  });

  it('gives every subgraph its own database smss_<name> (hyphens as underscores), shared with no other service', () => {
    const databases: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      const url = environmentOf(service).DATABASE_URL;
      if (url === undefined) continue;
      const parsed = new URL(url);
      expect(parsed.hostname).toBe('postgres');
      databases.push(parsed.pathname.replace(/^\//, ''));
      // The launcher's rule too (tools/src/start.ts): `school-health` → smss_school_health.
      if (subgraphs.some((s) => s.name === name))
        expect(parsed.pathname).toBe(`/smss_${name.replace(/-/g, '_')}`);
    }
    for (const subgraph of subgraphs) {
      expect(environmentOf(compose.services[subgraph.name]).DATABASE_URL).toBeDefined();
    }
    expect(new Set(databases).size).toBe(databases.length);
  });

  it('builds every app image from a Dockerfile that exists, for a gateway or services/* workspace', () => {
    for (const [name, service] of appServices()) {
      const build = buildOf(service);
      const context = path.resolve(ROOT, build.context ?? '.');
      const dockerfile = path.resolve(context, build.dockerfile ?? 'Dockerfile');
      expect({ name, dockerfile: path.relative(ROOT, dockerfile), exists: existsSync(dockerfile) }).toEqual({
        name,
        dockerfile: path.relative(ROOT, dockerfile),
        exists: true,
      });
      const target = buildArgs(service).SERVICE;
      expect(target).toBe(name);
      const workspace = target === 'gateway' ? 'gateway' : `services/${target}`;
      expect(existsSync(path.join(context, workspace, 'package.json'))).toBe(true);
    }
  });

  it('listens on all interfaces in the containers and keeps the gateway signing key to the gateway', () => {
    const volumesOf = (service: ComposeService | undefined) =>
      ((service as { volumes?: string[] } | undefined)?.volumes ?? []).map((v) => v.split(':')[0] ?? v);
    for (const [name, service] of appServices()) {
      const env = environmentOf(service);
      expect({ name, host: env.HOST, nodeEnv: env.NODE_ENV }).toEqual({
        name,
        host: '0.0.0.0',
        nodeEnv: 'development',
      });
      expect({ name, sharedSecret: env.GATEWAY_SHARED_SECRET }).toEqual({ name, sharedSecret: undefined });
      expect(dependencies(service)['gateway-keys']).toBe('service_completed_successfully');
      if (name === 'gateway') {
        expect(env.GATEWAY_PRIVATE_KEY_FILE).toBeDefined();
        expect(volumesOf(service)).toContain('gateway-private-key');
      } else {
        expect({ name, privateKey: env.GATEWAY_PRIVATE_KEY_FILE }).toEqual({ name, privateKey: undefined });
        expect(env.GATEWAY_PUBLIC_KEY_FILE).toBeDefined();
        // The public key and the service's own data (correspondence: its attachment files), never the private key.
        expect({ name, volumes: volumesOf(service).filter((v) => v.startsWith('gateway-')) }).toEqual({
          name,
          volumes: ['gateway-public-key'],
        });
        expect(
          volumesOf(service).filter((v) => !v.startsWith('gateway-') && !v.startsWith(`${name}-`)),
        ).toEqual([]);
      }
    }
  });

  it('starts subgraphs after healthy postgres and nats, and the gateway after healthy subgraphs', () => {
    for (const subgraph of subgraphs) {
      expect(dependencies(compose.services[subgraph.name])).toMatchObject({
        postgres: 'service_healthy',
        nats: 'service_healthy',
      });
      expect(dependencies(compose.services.gateway)[subgraph.name]).toBe('service_healthy');
    }
    for (const name of ['postgres', 'nats', ...subgraphs.map((s) => s.name)]) {
      expect(compose.services[name]!.healthcheck?.test).toBeDefined();
    }
  });
});

describe('infra/docker/Dockerfile', () => {
  const dockerfile = readFileSync(fromRoot('infra/docker/Dockerfile'), 'utf8');

  it('copies only paths that exist in the build context (the repository root)', () => {
    const sources = dockerfile
      .split('\n')
      .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
      .flatMap((line) =>
        line
          .trim()
          .split(/\s+/)
          .slice(1, -1)
          .filter((arg) => !arg.startsWith('--')),
      );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources)
      expect({ source, exists: existsSync(fromRoot(source)) }).toEqual({ source, exists: true });
  });

  it('sets the memory settings that npm start gives every process (RUNTIME_ENV)', () => {
    const runtime = dockerfile.slice(dockerfile.search(/^FROM \S+ AS runtime$/m));
    const env = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime)?.[1] ?? '';
    const values = Object.fromEntries(
      env
        .split(/\s*\\\n\s*|\s+/)
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    for (const [name, value] of Object.entries(RUNTIME_ENV))
      expect({ name, value: values[name] }).toEqual({ name, value });
  });

  it('runs as the node user with telemetry disabled', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/APOLLO_TELEMETRY_DISABLED=1/);
    expect(dockerfile).toMatch(/TURBO_TELEMETRY_DISABLED=1/);
  });

  it('builds on Node.js 24 and checks the lock file with npm ci', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).not.toMatch(/npm install --no-audit/);
  });

  it('runs the compiled bundle: the runtime stage gets only the build output, no node_modules, tsx or npm install', () => {
    const runtime = dockerfile.slice(dockerfile.search(/^FROM \S+ AS runtime$/m));
    expect(runtime.length).toBeLessThan(dockerfile.length);
    const copies = runtime.split('\n').filter((line) => /^COPY\s/.test(line));
    expect(copies).toEqual([
      'COPY --from=build /out/ ./',
      'COPY infra/docker/entrypoint.sh /usr/local/bin/smss-entrypoint',
    ]);
    expect(runtime).not.toMatch(/npm (ci|install)|tsx/);
    const entrypoint = readFileSync(fromRoot('infra/docker/entrypoint.sh'), 'utf8');
    expect(entrypoint).toMatch(/^exec node "\$entry"$/m);
    expect(entrypoint).toMatch(/services\/\$SERVICE\/dist\/index\.js/);
    expect(entrypoint).not.toMatch(/tsx/);
  });
});

describe('infra/k8s kustomize base', () => {
  const K8S = fromRoot('infra/k8s');
  const kustomization = parse(readFileSync(path.join(K8S, 'kustomization.yaml'), 'utf8')) as {
    resources?: string[];
  };
  const resources = kustomization.resources ?? [];
  const manifests = () =>
    resources.flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(K8S, file), 'utf8')).map((doc) => ({ file, doc })),
    );

  it('lists only files that exist, each of them valid YAML with Kubernetes objects', () => {
    expect(resources.length).toBeGreaterThan(0);
    for (const file of resources)
      expect({ file, exists: existsSync(path.join(K8S, file)) }).toEqual({ file, exists: true });
    for (const { file, doc } of manifests()) {
      expect({ file, errors: doc.errors }).toEqual({ file, errors: [] });
      const object = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } };
      expect({
        file,
        apiVersion: typeof object.apiVersion,
        kind: typeof object.kind,
        name: typeof object.metadata?.name,
      }).toEqual({
        file,
        apiVersion: 'string',
        kind: 'string',
        name: 'string',
      });
    }
  });

  it('hands the gateway signing key to the gateway alone and no HS256 secret to anyone', () => {
    interface Deployment {
      kind: string;
      metadata: { name: string };
      spec: {
        template: { spec: { containers: Array<{ env?: Array<{ name: string; valueFrom?: unknown }> }> } };
      };
    }
    const deployments = manifests()
      .map(({ doc }) => doc.toJS() as Deployment)
      .filter((o) => o.kind === 'Deployment');
    expect(deployments.length).toBe(subgraphs.length + 1);
    for (const d of deployments) {
      const names = d.spec.template.spec.containers.flatMap((c) => (c.env ?? []).map((e) => e.name));
      expect({
        name: d.metadata.name,
        hs256: names.includes('JWT_SECRET'),
        shared: names.includes('GATEWAY_SHARED_SECRET'),
      }).toEqual({ name: d.metadata.name, hs256: false, shared: false });
      const key = d.metadata.name === 'gateway' ? 'GATEWAY_PRIVATE_KEY' : 'GATEWAY_PUBLIC_KEY';
      expect({ name: d.metadata.name, key: names.includes(key) }).toEqual({
        name: d.metadata.name,
        key: true,
      });
      if (d.metadata.name !== 'gateway') expect(names).not.toContain('GATEWAY_PRIVATE_KEY');
    }
    const config = manifests()
      .map(({ doc }) => doc.toJS() as { kind: string; data?: Record<string, string> })
      .find((o) => o.kind === 'ConfigMap');
    expect(config?.data).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
  });

  it("deploys the gateway and every subgraph, with the gateway's <NAME>_URL pointing at the subgraph's Service", () => {
    interface Deployment {
      kind: string;
      metadata: { name: string };
      spec: { template: { spec: { containers: Array<{ env?: Array<{ name: string; value?: string }> }> } } };
    }
    const objects = manifests().map(({ doc }) => doc.toJS() as Deployment);
    const deployments = new Map(
      objects.filter((o) => o.kind === 'Deployment').map((o) => [o.metadata.name, o]),
    );
    const services = objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name);
    for (const name of ['gateway', ...subgraphs.map((s) => s.name)]) {
      expect(deployments.has(name)).toBe(true);
      expect(services).toContain(name);
    }
    const gatewayEnv = deployments.get('gateway')!.spec.template.spec.containers.flatMap((c) => c.env ?? []);
    for (const subgraph of subgraphs) {
      const url = gatewayEnv.find((e) => e.name === subgraph.urlEnv)?.value;
      expect(url).toBeDefined();
      const parsed = new URL(url!);
      expect(parsed.hostname.split('.')[0]).toBe(subgraph.name);
      expect(parsed.port).toBe(String(subgraph.port));
      expect(parsed.pathname).toBe('/graphql');
    }
  });
});
