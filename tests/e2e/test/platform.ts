import { jetstreamManager } from '@nats-io/jetstream';
import { DEFAULT_LIMITS, readSubgraphList, startGateway, type GatewayConfig } from '@smss/gateway';
import { seedDirectory } from '@smss/schools';
import {
  bootService,
  serviceFactoryName,
  type RunningService,
  type ServiceDefinition,
  type ServiceFactory,
} from '@smss/service-kit';
import {
  createTestDatabase,
  testLogger,
  testNatsUrl,
  TEST_GATEWAY_KEYS,
  TEST_SUBGRAPH_SECURITY,
  TEST_TOKENS,
  tokenFor,
  type TestDatabase,
} from '@smss/testing';

/**
 * Durable consumers of this run get unique names and read only new messages, so a run never
 * replays events other runs left on the shared NATS; they are deleted on stop.
 */
export const E2E_DURABLE_PREFIX = `e2e-${process.pid}-${Date.now().toString(36)}`;

/**
 * Every subgraph of gateway/subgraphs.yaml, by name, from its package `@smss/<name>` and that package's
 * conventional factory `create<Name>Service({ durablePrefix, deliverPolicy })`: a subgraph added to
 * subgraphs.yaml (`npm run new:subgraph`) is in the platform without editing this file.
 */
/** The running e2e gateway's URL (set once it listens), for services that query through it. */
const gatewayUrl = { current: 'http://127.0.0.1:1/graphql' };

export async function platformServices(): Promise<Record<string, ServiceDefinition<any>>> {
  const definitions: Record<string, ServiceDefinition<any>> = {};
  for (const { name } of readSubgraphList()) {
    const pkg = (await import(`@smss/${name}`)) as Record<string, unknown>;
    const factory = pkg[serviceFactoryName(name)];
    if (typeof factory !== 'function')
      throw new Error(
        `@smss/${name} exports no ${serviceFactoryName(name)}(options): the e2e platform cannot boot it`,
      );
    definitions[name] = (factory as ServiceFactory)({
      durablePrefix: `${E2E_DURABLE_PREFIX}-${name}`,
      deliverPolicy: 'new',
      gatewayUrl: () => gatewayUrl.current,
    });
  }
  return definitions;
}

export interface Platform {
  gatewayUrl: string;
  gatewayBase: string;
  services: Record<string, RunningService>;
  /** Stop one subgraph and start it again on the same port and database (a process restart). */
  restart: (name: string) => Promise<RunningService>;
  stop: () => Promise<void>;
}

export function gatewayTestConfig(
  subgraphUrls: Record<string, string>,
  overrides: Partial<GatewayConfig> = {},
): GatewayConfig {
  return {
    port: 0,
    logLevel: 'silent',
    tokens: TEST_TOKENS,
    gatewayPrivateKey: TEST_GATEWAY_KEYS.privateKey,
    introspection: 'open',
    limits: DEFAULT_LIMITS,
    explorer: true,
    workers: 1,
    subgraphUrls,
    ...overrides,
  };
}

/** All subgraphs on fresh databases plus the gateway on the committed supergraph, over real HTTP. */
export async function startPlatform(overrides: Partial<GatewayConfig> = {}): Promise<Platform> {
  const definitions = await platformServices();
  const databases: TestDatabase[] = [];
  const services: Record<string, RunningService> = {};
  let restart: (name: string) => Promise<RunningService> = () => Promise.reject(new Error('not started'));
  const stopAll = async () => {
    const nc = Object.values(services)[0]?.nc;
    if (nc) {
      for (const s of Object.values(services)) for (const c of s.consumers) await c.stop();
      const jsm = await jetstreamManager(nc);
      for (const def of Object.values(definitions)) {
        for (const c of def.consumers ?? []) {
          if (c.durable.startsWith(E2E_DURABLE_PREFIX))
            await jsm.consumers.delete(c.stream, c.durable).catch(() => undefined);
        }
      }
    }
    for (const s of Object.values(services)) await s.close();
    for (const db of databases) await db.drop();
  };
  try {
    const urls: Record<string, string> = {};
    const boot = (name: string, port: number) =>
      bootService(
        definitions[name]!,
        {
          port,
          databaseUrl: urls[name]!,
          natsUrl: testNatsUrl(),
          logLevel: process.env.LOG_LEVEL ?? 'silent',
          ...TEST_SUBGRAPH_SECURITY,
          createDatabase: false,
        },
        testLogger(),
      );
    for (const name of Object.keys(definitions)) {
      const db = await createTestDatabase(`e2e_${name}`);
      databases.push(db);
      urls[name] = db.url;
      services[name] = await boot(name, 0);
    }
    restart = async (name: string) => {
      const old = services[name]!;
      await old.close();
      services[name] = await boot(name, old.port);
      return services[name]!;
    };
    await seedDirectory(services.schools!.dataSource, 'lopburi');
    const gateway = await startGateway(
      gatewayTestConfig(
        Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.url])),
        overrides,
      ),
      testLogger(),
    );
    gatewayUrl.current = gateway.url;
    return {
      gatewayUrl: gateway.url,
      gatewayBase: gateway.url.replace(/\/graphql$/, ''),
      services,
      restart: (name) => restart(name),
      stop: async () => {
        await gateway.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Requests the gateway has sent to subgraphs so far (from its Prometheus metrics, read as an OBEC admin). */
export async function subgraphCalls(platform: Platform): Promise<number> {
  const headers = { authorization: `Bearer ${await tokenFor('obec-admin', 'OBEC')}` };
  const res = await fetch(`${platform.gatewayBase}/metrics`, { headers });
  if (!res.ok) throw new Error(`gateway /metrics answered ${res.status}`);
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('gateway_subgraph_requests_total{'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}
