import { DEFAULT_LIMITS, readSubgraphList, startGateway, type GatewayConfig } from '@smss/gateway';
import { schoolsService, seedDirectory } from '@smss/schools';
import { bootService, type RunningService, type ServiceDefinition } from '@smss/service-kit';
import {
  createTestDatabase,
  testLogger,
  testNatsUrl,
  TEST_GATEWAY_SECRET,
  TEST_TOKENS,
  type TestDatabase,
} from '@smss/testing';

/** Every subgraph the supergraph composes, by name (must match gateway/subgraphs.yaml). */
const SERVICES: Record<string, ServiceDefinition<any>> = {
  schools: schoolsService,
};

export interface Platform {
  gatewayUrl: string;
  gatewayBase: string;
  services: Record<string, RunningService>;
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
    gatewaySecret: TEST_GATEWAY_SECRET,
    limits: DEFAULT_LIMITS,
    explorer: true,
    workers: 1,
    subgraphUrls,
    ...overrides,
  };
}

/** All subgraphs on fresh databases plus the gateway on the committed supergraph, over real HTTP. */
export async function startPlatform(overrides: Partial<GatewayConfig> = {}): Promise<Platform> {
  const entries = readSubgraphList();
  const missing = entries.filter((e) => !SERVICES[e.name]).map((e) => e.name);
  if (missing.length) throw new Error(`e2e platform does not know subgraphs: ${missing.join(', ')}`);
  const databases: TestDatabase[] = [];
  const services: Record<string, RunningService> = {};
  const stopAll = async () => {
    for (const s of Object.values(services)) await s.close();
    for (const db of databases) await db.drop();
  };
  try {
    for (const entry of entries) {
      const db = await createTestDatabase(`e2e_${entry.name}`);
      databases.push(db);
      services[entry.name] = await bootService(
        SERVICES[entry.name]!,
        {
          port: 0,
          databaseUrl: db.url,
          natsUrl: testNatsUrl(),
          logLevel: process.env.LOG_LEVEL ?? 'silent',
          tokens: TEST_TOKENS,
          gatewaySecret: TEST_GATEWAY_SECRET,
          createDatabase: false,
        },
        testLogger(),
      );
    }
    await seedDirectory(services.schools!.dataSource, 'lopburi');
    const gateway = await startGateway(
      gatewayTestConfig(
        Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.url])),
        overrides,
      ),
      testLogger(),
    );
    return {
      gatewayUrl: gateway.url,
      gatewayBase: gateway.url.replace(/\/graphql$/, ''),
      services,
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

/** Requests the gateway has sent to subgraphs so far (from its Prometheus metrics). */
export async function subgraphCalls(platform: Platform): Promise<number> {
  const text = await (await fetch(`${platform.gatewayBase}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('gateway_subgraph_requests_total{'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}
